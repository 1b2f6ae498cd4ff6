package bleve

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
)

// The manifest's entries, with when each article was first indexed and
// last changed, are also kept beside the index in a history file,
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
// The file is historyMagic, the count of commits and the count of entries
// as uvarints, and the entries as encodeShard encodes a manifest shard:
// JSON took half a second a commit at 100,000 articles. A file whose
// entries do not decode, or are fewer than its head says (cut short), has
// its count of commits read and no entries. It is not synced before it
// replaces the last one: at 100,000 articles that costs a commit 0.1 s,
// for a file that only matters when the index is lost as well. A file of
// the earlier JSON form (its path ends in .json) is read when there is no
// other, and removed by the next rewrite; a version before this one reads
// only that.
//
// It is best effort: a failure to write or read the file (a full disk) is
// ignored, and the manifest inside the index stays the truth. A crash
// between a commit and the file's rewrite leaves the file one commit behind,
// which is harmless.

// history is what the history file holds.
type history struct {
	Commits  int              `json:"commits"`
	Articles map[string]entry `json:"articles"`
}

// historyMagic opens a history file.
const historyMagic = "newsdesk index history 1\n"

func (ix *Index) historyPath() string {
	if ix.name != "" {
		// Each corpus's beside its index, outside the folder a rebuild
		// replaces: another corpus's history would say this index lost
		// commits.
		return filepath.Join(ix.dir, "index", ix.name+".history")
	}
	return filepath.Join(ix.dir, "index-history")
}

// jsonHistoryPath is where earlier versions kept the history, as JSON.
func (ix *Index) jsonHistoryPath() string { return ix.historyPath() + ".json" }

// saveHistory writes the entries and the commit count of a committed
// manifest beside the index.
func (ix *Index) saveHistory(m manifest) {
	raw := binary.AppendUvarint([]byte(historyMagic), uint64(m.Commits))
	raw = binary.AppendUvarint(raw, uint64(len(m.Articles)))
	raw = append(raw, encodeShard(m.Articles)...)
	tmp := ix.historyPath() + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		os.Remove(tmp)
		return
	}
	if err := os.Rename(tmp, ix.historyPath()); err != nil {
		os.Remove(tmp)
		return
	}
	os.Remove(ix.jsonHistoryPath())
}

// loadCommits reads the count of commits saveHistory wrote, from the head
// of the file only (the articles of a large corpus are megabytes). It is 0
// when there is nothing readable.
func (ix *Index) loadCommits() int {
	f, err := os.Open(ix.historyPath())
	if err != nil {
		return ix.loadJSONHistory(true).Commits
	}
	defer f.Close()
	head := make([]byte, len(historyMagic)+2*binary.MaxVarintLen64)
	n, _ := io.ReadFull(f, head)
	commits, _, _, ok := parseHistoryHead(head[:n])
	if !ok {
		return 0
	}
	return commits
}

// parseHistoryHead returns the counts of commits and of entries at the
// head of a history file, and what follows them.
func parseHistoryHead(b []byte) (commits, entries int, rest []byte, ok bool) {
	b, ok = bytes.CutPrefix(b, []byte(historyMagic))
	if !ok {
		return 0, 0, nil, false
	}
	c, k := binary.Uvarint(b)
	if k <= 0 {
		return 0, 0, nil, false
	}
	e, j := binary.Uvarint(b[k:])
	if j <= 0 {
		return 0, 0, nil, false
	}
	return int(c), int(e), b[k+j:], true
}

// loadHistory reads what saveHistory wrote; the zero history when there is
// nothing readable.
func (ix *Index) loadHistory() history {
	raw, err := os.ReadFile(ix.historyPath())
	if err != nil {
		return ix.loadJSONHistory(false)
	}
	commits, entries, rest, ok := parseHistoryHead(raw)
	if !ok {
		return history{}
	}
	articles, err := decodeShard(rest)
	if err != nil || len(articles) != entries {
		return history{Commits: commits} // the count is the head's, read whole
	}
	return history{Commits: commits, Articles: articles}
}

// loadJSONHistory reads a history file of the earlier JSON form; with
// onlyCommits, only up to the count of commits when it comes first.
func (ix *Index) loadJSONHistory(onlyCommits bool) history {
	f, err := os.Open(ix.jsonHistoryPath())
	if err != nil {
		return history{}
	}
	defer f.Close()
	if onlyCommits {
		dec := json.NewDecoder(bufio.NewReaderSize(f, 4096))
		var commits int
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return history{}
		}
		if t, err := dec.Token(); err == nil && t == "commits" && dec.Decode(&commits) == nil {
			return history{Commits: commits}
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return history{}
		}
	}
	var h history
	if json.NewDecoder(bufio.NewReader(f)).Decode(&h) != nil {
		return history{}
	}
	return h
}
