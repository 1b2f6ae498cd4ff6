package bleve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	bolterrors "go.etcd.io/bbolt/errors"

	"newsdesk/corpus"
	"newsdesk/index"
)

// Options tune Open. The zero value is ready to use.
type Options struct {
	// Owner names the process in the lock file, so another process that finds
	// the data folder locked can say who holds it ("newsdesk serve").
	Owner string
	// Now is the clock used for FirstIndexed and Updated; default time.Now.
	Now func() time.Time
	// BatchSize is the number of document writes per bleve batch; default
	// 4000.
	BatchSize int
	// Name is the index's folder under dataDir/index, so that one data
	// folder keeps one index per corpus. "" is the single index of earlier
	// versions, dataDir/index itself. When Name is set and dataDir/index is
	// still an index of that layout, Open moves it to dataDir/index/Name
	// first: the corpus opened first after an upgrade takes over the index
	// of the corpus used last (usually the same one) instead of rebuilding.
	Name string
}

// Index is newsdesk's search index: passages, key figures and the stored
// articles, in a bleve scorch index under a data folder. It is safe for
// concurrent use; updates are serialized and searches run alongside them.
type Index struct {
	dir      string
	name     string // the index's folder under dir/index; "" is dir/index
	idx      blevesearch.Index
	analyzer *Analyzer // analyzes questions and topics as idx analyzes passages
	lock     *dirLock
	now      func() time.Time
	batch    int

	rebuilt bool // Open created the index from scratch; reported by the next Update
	// history holds the entries of the index a rebuild replaced, for their
	// FirstIndexed and Updated times; used by the next Update only.
	history map[string]entry

	crashBeforeCommit bool // tests: Update stops after writing documents, as if killed

	update sync.Mutex // serializes Update
	mu     sync.RWMutex
	man    manifest

	// idf caches the term weights Weights computed (0: in no passage) until
	// the next Update commits; idfGen counts those commits, so a weight read
	// from before one is not kept after it.
	idfMu  sync.Mutex
	idf    map[string]float64
	idfGen int
}

// Index implements the port the rest of newsdesk uses.
var _ index.Store = (*Index)(nil)

// Open opens the index in dataDir (creating the folder and the index when
// missing) and locks the folder for this process.
//
// An index written with another format version, or one that bleve cannot
// open (for example after a crash that damaged it), is deleted and created
// empty; the next Update then rebuilds it from the corpus and reports
// index.Stats.Rebuilt. When another process holds the folder, Open fails
// at once with an error matching index.ErrLocked that names the holder.
// Open only checks ctx before it starts.
func Open(ctx context.Context, dataDir string, opts Options) (*Index, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	owner := opts.Owner
	if owner == "" {
		owner = "newsdesk"
	}
	lock, err := lockDir(dataDir, owner)
	if err != nil {
		return nil, err
	}
	ix := &Index{dir: dataDir, analyzer: NewAnalyzer(), lock: lock, now: opts.Now, batch: opts.BatchSize}
	if ix.now == nil {
		ix.now = time.Now
	}
	if ix.batch <= 0 {
		ix.batch = defaultBatch
	}
	if ix.name = opts.Name; ix.name != "" {
		if err := migrate(dataDir, ix.name); err != nil {
			lock.unlock()
			return nil, err
		}
	}
	if err := ix.open(); err != nil {
		lock.unlock()
		return nil, err
	}
	return ix, nil
}

func (ix *Index) path() string { return filepath.Join(ix.dir, "index", ix.name) }

func (ix *Index) open() error {
	cfg := map[string]interface{}{"bolt_timeout": "2s"}
	idx, err := blevesearch.OpenUsing(ix.path(), cfg)
	if err == nil {
		man, merr := readManifest(idx)
		if merr == nil && man.Format == formatVersion {
			ix.idx, ix.man = idx, man
			return nil
		}
		if merr == nil {
			// An index of another format is rebuilt, but when each article
			// was first indexed is history, not format: keep it, so an upgrade
			// does not make every article "new" in the next digest.
			ix.history = man.Articles
		}
		idx.Close()
	}
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		// Another process has the index open (on systems without the folder
		// lock): never delete what it is using.
		return &index.LockedError{Dir: ix.dir, Holder: "another process (its index is locked)"}
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("open index in %s: %w; check that this user may read and write the data folder", ix.path(), err)
	}
	// Missing, stale or damaged: start again. Nothing is lost; the corpus is
	// the source of truth and the next Update re-reads it.
	if err := os.RemoveAll(ix.path()); err != nil {
		return fmt.Errorf("remove stale index: %w", err)
	}
	idx, err = blevesearch.NewUsing(ix.path(), newMapping(), blevesearch.Config.DefaultIndexType, blevesearch.Config.DefaultKVStore, cfg)
	if err != nil {
		return fmt.Errorf("create index in %s: %w", ix.path(), err)
	}
	ix.idx = idx
	ix.man = manifest{Format: formatVersion, Articles: map[string]entry{}}
	ix.rebuilt = true
	if err := idx.SetInternal(manifestKey, ix.man.encode()); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}

// Close flushes and closes the index and releases the data folder.
func (ix *Index) Close() error {
	err := ix.idx.Close()
	if uerr := ix.lock.unlock(); err == nil {
		err = uerr
	}
	return err
}

// Len returns the number of indexed articles.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.man.Articles)
}

// Articles lists the indexed articles, newest first (by published date, then
// by first-indexed time, then by ID).
func (ix *Index) Articles() []index.ArticleInfo {
	ix.mu.RLock()
	out := make([]index.ArticleInfo, 0, len(ix.man.Articles))
	for id, e := range ix.man.Articles {
		out = append(out, index.ArticleInfo{
			ID: id, Title: e.Title, Source: e.Source, URL: e.URL, Published: e.Published,
			FirstIndexed: e.FirstIndexed, Updated: e.Updated,
		})
	}
	ix.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Published.Equal(b.Published) {
			return a.Published.After(b.Published)
		}
		if !a.FirstIndexed.Equal(b.FirstIndexed) {
			return a.FirstIndexed.After(b.FirstIndexed)
		}
		return a.ID < b.ID
	})
	return out
}

// Article returns the stored article with its full text and sections, as it
// was indexed. It returns an error matching index.ErrNotFound for an unknown ID.
func (ix *Index) Article(ctx context.Context, id string) (corpus.Article, error) {
	if err := ctx.Err(); err != nil {
		return corpus.Article{}, err
	}
	doc, err := ix.idx.Document(articleDocID(id))
	if err != nil {
		return corpus.Article{}, fmt.Errorf("read article %s: %w", id, err)
	}
	if doc == nil {
		return corpus.Article{}, fmt.Errorf("article %s: %w", id, index.ErrNotFound)
	}
	var s storedArticle
	if err := json.Unmarshal([]byte(storedString(doc, "json")), &s); err != nil {
		return corpus.Article{}, fmt.Errorf("decode article %s: %w", id, err)
	}
	return s.unpack(storedString(doc, "text")), nil
}

func articleDocID(id string) string { return "a:" + id }

// ArticleText returns the stored text of an article, the text every quote
// is checked against. It returns an error matching index.ErrNotFound for an
// unknown ID.
func (ix *Index) ArticleText(ctx context.Context, id string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	doc, err := ix.idx.Document(articleDocID(id))
	if err != nil {
		return "", fmt.Errorf("read article %s: %w", id, err)
	}
	if doc == nil {
		return "", fmt.Errorf("article %s: %w", id, index.ErrNotFound)
	}
	return storedString(doc, "text"), nil
}
