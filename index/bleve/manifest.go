package bleve

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"runtime"
	"sync"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"

	"newsdesk/corpus"
)

// manifest records what is indexed, per article. It is stored inside the
// index (bleve internal storage) and written in the same batch as the
// documents it describes, so after a crash it always matches them.
//
// Stored, it is a head (format, commits, the number of shards) and the
// entries in shards by a hash of the article ID, so that a commit rewrites
// the shards of the articles it changed, not every entry. An index whose
// head holds the entries itself (Shards 0, written by earlier versions) is
// read as it is and moved to shards by its next commit.
type manifest struct {
	Format   string           `json:"format"`
	Articles map[string]entry `json:"articles,omitempty"`
	// Commits counts the commits of the index, and of the indexes it
	// replaced, so that one found with fewer than its history file says
	// is known to have gone back to an older state (see history.go).
	Commits int `json:"commits,omitempty"`
	// Shards is the number of shards the entries are stored in; 0: in the
	// head.
	Shards int `json:"shards,omitempty"`
}

type entry struct {
	Hash         string    `json:"hash"`
	Passages     int       `json:"passages"`
	Title        string    `json:"title"`
	Source       string    `json:"source"`
	URL          string    `json:"url,omitempty"`
	Published    time.Time `json:"published,omitzero"`
	FirstIndexed time.Time `json:"first_indexed"`
	Updated      time.Time `json:"updated"`
	// Size and ModTime are the article's file as it was read (see
	// corpus.Article.File), so that a load can leave it unread while they
	// stay the same; zero when unknown.
	Size    int64 `json:"size,omitempty"`
	ModTime int64 `json:"mtime,omitempty"`
}

// file is the entry's file as corpus.Article.File gives it.
func (e entry) file() corpus.FileInfo { return corpus.FileInfo{Size: e.Size, ModTime: e.ModTime} }

var manifestKey = []byte("newsdesk/manifest")

// manifestShards is how many shards a new manifest's entries are stored
// in: a few hundred entries each at 100,000 articles.
const manifestShards = 256

// shardOf is the shard of article id among n.
func shardOf(id string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(n))
}

// shardKey is the internal key of shard s.
func shardKey(s int) []byte { return fmt.Appendf(nil, "newsdesk/manifest/%03x", s) }

// errNoManifest is readManifest's error for an index without one: created,
// and never written to.
var errNoManifest = errors.New("no manifest")

func readManifest(idx blevesearch.Index) (manifest, error) {
	raw, err := idx.GetInternal(manifestKey)
	if err != nil {
		return manifest{}, err
	}
	if raw == nil {
		return manifest{}, errNoManifest
	}
	var m manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return manifest{}, err
	}
	if m.Articles == nil {
		m.Articles = map[string]entry{}
	}
	if m.Shards > 0 {
		if err := m.readShards(idx); err != nil {
			return manifest{}, err
		}
	}
	return m, nil
}

// readShards reads and decodes the shards into m.Articles, on a few
// goroutines: decoding is most of the time an index takes to open.
func (m *manifest) readShards(idx blevesearch.Index) error {
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
		next  = make(chan int)
	)
	for range min(runtime.GOMAXPROCS(0), 4) {
		wg.Go(func() {
			for s := range next {
				raw, err := idx.GetInternal(shardKey(s))
				var part map[string]entry
				if err == nil && raw != nil {
					part, err = decodeShard(raw)
				}
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("read manifest shard %d: %w", s, err)
				}
				for id, e := range part {
					m.Articles[id] = e
				}
				mu.Unlock()
			}
		})
	}
	for s := range m.Shards {
		next <- s
	}
	close(next)
	wg.Wait()
	return first
}

// encode is the head of m: everything but the entries.
func (m manifest) encode() []byte {
	m.Articles = nil
	b, _ := json.Marshal(m) // a manifest always encodes: strings, ints and times only
	return b
}

// writeShards adds to b the shards that a commit changes, as they are
// after it: cur is the manifest's entries before the commit, upd the new
// entries of the articles it writes or restamps, gone the articles it
// removes. With all set (a manifest of the earlier layout) it writes
// every shard.
func writeShards(b *blevesearch.Batch, cur, upd map[string]entry, gone []string, all bool) {
	touched := make(map[int]map[string]entry)
	if all {
		for s := range manifestShards {
			touched[s] = map[string]entry{}
		}
	}
	removed := make(map[string]bool, len(gone))
	for _, id := range gone {
		removed[id] = true
		touched[shardOf(id, manifestShards)] = map[string]entry{}
	}
	for id := range upd {
		touched[shardOf(id, manifestShards)] = map[string]entry{}
	}
	for id, e := range cur {
		if part, ok := touched[shardOf(id, manifestShards)]; ok && !removed[id] {
			part[id] = e
		}
	}
	for id, e := range upd {
		touched[shardOf(id, manifestShards)][id] = e
	}
	for s, part := range touched {
		b.SetInternal(shardKey(s), encodeShard(part))
	}
}

// shardVersion is the first byte of an encoded shard.
const shardVersion = 1

// encodeShard encodes a shard's entries: a version byte, then each entry
// as its ID and fields, strings as a length and bytes, numbers as varints,
// times in time.Time's binary form. JSON took most of the time an index of
// 100,000 articles took to open.
func encodeShard(part map[string]entry) []byte {
	b := []byte{shardVersion}
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	tm := func(t time.Time) {
		raw, _ := t.MarshalBinary() // only a zone offset not in whole minutes fails; corpus times have none
		str(string(raw))
	}
	for id, e := range part {
		str(id)
		str(e.Hash)
		b = binary.AppendVarint(b, int64(e.Passages))
		str(e.Title)
		str(e.Source)
		str(e.URL)
		tm(e.Published)
		tm(e.FirstIndexed)
		tm(e.Updated)
		b = binary.AppendVarint(b, e.Size)
		b = binary.AppendVarint(b, e.ModTime)
	}
	return b
}

// errShard is decodeShard's error for bytes encodeShard did not write.
var errShard = errors.New("malformed manifest shard")

// decodeShard decodes what encodeShard wrote.
func decodeShard(b []byte) (map[string]entry, error) {
	if len(b) == 0 || b[0] != shardVersion {
		return nil, errShard
	}
	b = b[1:]
	bad := false
	str := func() string {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			bad, b = true, nil
			return ""
		}
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s
	}
	num := func() int64 {
		v, k := binary.Varint(b)
		if k <= 0 {
			bad, b = true, nil
			return 0
		}
		b = b[k:]
		return v
	}
	tm := func() time.Time {
		var t time.Time
		if err := t.UnmarshalBinary([]byte(str())); err != nil {
			bad = true
		}
		return t
	}
	part := map[string]entry{}
	for len(b) > 0 && !bad {
		id := str()
		e := entry{Hash: str(), Passages: int(num()), Title: str(), Source: str(), URL: str()}
		e.Published, e.FirstIndexed, e.Updated = tm(), tm(), tm()
		e.Size, e.ModTime = num(), num()
		part[id] = e
	}
	if bad {
		return nil, errShard
	}
	return part, nil
}
