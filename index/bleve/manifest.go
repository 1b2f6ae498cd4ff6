package bleve

import (
	"encoding/json"
	"errors"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"

	"newsdesk/corpus"
)

// manifest records what is indexed, per article. It is stored inside the
// index (bleve internal storage) and written in the same batch as the
// documents it describes, so after a crash it always matches them.
type manifest struct {
	Format   string           `json:"format"`
	Articles map[string]entry `json:"articles"`
	// Commits counts the commits of the index, and of the indexes it
	// replaced, so that one found with fewer than index-history.json says
	// is known to have gone back to an older state (see history.go).
	Commits int `json:"commits,omitempty"`
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
	return m, nil
}

func (m manifest) encode() []byte {
	b, _ := json.Marshal(m) // a manifest always encodes: strings, ints and times only
	return b
}
