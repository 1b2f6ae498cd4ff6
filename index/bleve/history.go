package bleve

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
)

// The manifest's entries, with when each article was first indexed and
// last changed, are also kept beside the index in index-history.json,
// rewritten after each commit with the manifest's count of commits. It
// serves two ends:
//
//   - A rebuild of an index that bleve cannot open at all (a damaged
//     segment that zap trips over as it opens it) takes the articles'
//     history from there, so the next digest does not announce every
//     article again.
//   - scorch, when it cannot load the newest state of an index (a segment
//     that fails to open), silently falls back to an older one, or to none.
//     An index whose manifest has counted fewer commits than the file is
//     such a fallback, and is rebuilt as a damaged one.
//
// It is best effort: a failure to write or read the file (a full disk) is
// ignored, and the manifest inside the index stays the truth. A crash
// between a commit and the file's rewrite leaves the file one commit behind,
// which is harmless.

// history is what index-history.json holds.
type history struct {
	Commits  int              `json:"commits"`
	Articles map[string]entry `json:"articles"`
}

func (ix *Index) historyPath() string {
	if ix.name != "" {
		// Each corpus's beside its index, outside the folder a rebuild
		// replaces: another corpus's history would say this index lost
		// commits.
		return filepath.Join(ix.dir, "index", ix.name+".history.json")
	}
	return filepath.Join(ix.dir, "index-history.json")
}

// saveHistory writes the entries and the commit count of a committed
// manifest beside the index.
func (ix *Index) saveHistory(m manifest) {
	raw, err := json.Marshal(history{Commits: m.Commits, Articles: m.Articles})
	if err != nil {
		return
	}
	tmp := ix.historyPath() + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		os.Remove(tmp)
		return
	}
	if err := os.Rename(tmp, ix.historyPath()); err != nil {
		os.Remove(tmp)
	}
}

// loadCommits reads the count of commits saveHistory wrote, which is the
// file's first field: it reads the file only up to it (the articles of a
// large corpus are megabytes), and all of it when the field is not first.
// It is 0 when there is nothing readable.
func (ix *Index) loadCommits() int {
	f, err := os.Open(ix.historyPath())
	if err != nil {
		return 0
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 4096))
	var commits int
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0
	}
	if t, err := dec.Token(); err == nil && t == "commits" && dec.Decode(&commits) == nil {
		return commits
	}
	return ix.loadHistory().Commits
}

// loadHistory reads what saveHistory wrote; the zero history when there is
// nothing readable.
func (ix *Index) loadHistory() history {
	raw, err := os.ReadFile(ix.historyPath())
	if err != nil {
		return history{}
	}
	var h history
	if json.Unmarshal(raw, &h) != nil {
		return history{}
	}
	return h
}
