package bleve

import (
	"maps"
	"os"
	"testing"
	"time"
)

func TestLoadCommits(t *testing.T) {
	saved := func(commits int) string {
		ix := &Index{dir: t.TempDir()}
		ix.saveHistory(manifest{Commits: commits, Articles: map[string]entry{"a": {Hash: "x"}}})
		raw, err := os.ReadFile(ix.historyPath())
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
	cut := func(file string, n int) string { return file[:len(file)-n] }
	for _, c := range []struct {
		name       string
		file, json string // the history file, and one of the earlier JSON form
		want       int
		articles   int // how many entries loadHistory reads
	}{
		{"as saveHistory writes it", saved(7), "", 7, 1},
		{"a large count", saved(1 << 40), "", 1 << 40, 1},
		{"cut short in the count", saved(1 << 40)[:len(historyMagic)+2], "", 0, 0},
		{"cut short in the entries", cut(saved(7), 1), "", 7, 0},
		{"cut short after the head", saved(7)[:len(historyMagic)+2], "", 7, 0},
		{"not a history file", "{}", "", 0, 0},
		{"the earlier JSON form", "", `{"commits":7,"articles":{"a":{"hash":"x"}}}`, 7, 1},
		{"JSON with the count after the articles", "", `{"articles":{"a":{"hash":"x"}},"commits":5}`, 5, 1},
		{"damaged JSON", "", `{"commits":`, 0, 0},
		{"both: the new file wins", saved(9), `{"commits":3}`, 9, 1},
		{"missing", "", "", 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			ix := &Index{dir: t.TempDir()}
			for path, body := range map[string]string{ix.historyPath(): c.file, ix.jsonHistoryPath(): c.json} {
				if body == "" {
					continue
				}
				if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := ix.loadCommits(); got != c.want {
				t.Errorf("loadCommits() = %d; want %d", got, c.want)
			}
			if h := ix.loadHistory(); h.Commits != c.want || len(h.Articles) != c.articles {
				t.Errorf("loadHistory() = %d commits, %d entries; want %d, %d", h.Commits, len(h.Articles), c.want, c.articles)
			}
		})
	}
}

// The history keeps every field of every entry, and its first rewrite
// removes a file of the earlier JSON form.
func TestSaveHistory(t *testing.T) {
	ix := &Index{dir: t.TempDir(), name: "news"}
	if err := os.MkdirAll(ix.dir+"/index", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ix.jsonHistoryPath(), []byte(`{"commits":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 4, 5, 6, 7, 8, time.UTC)
	arts := map[string]entry{
		"business/001": {Hash: "ab", Passages: 3, Title: "Rates", Source: "business/001.txt", URL: "https://example.com/1",
			Published: day, FirstIndexed: day.Add(time.Hour), Updated: day.Add(2 * time.Hour), Size: 1234, ModTime: day.UnixNano()},
		"tech/002": {Hash: "cd", Passages: 1, Title: "Chips", Source: "tech/002.txt", FirstIndexed: day, Updated: day},
	}
	ix.saveHistory(manifest{Commits: 4, Articles: arts})
	h := ix.loadHistory()
	if h.Commits != 4 || !maps.EqualFunc(h.Articles, arts, func(a, b entry) bool {
		return a.Hash == b.Hash && a.Passages == b.Passages && a.Title == b.Title && a.Source == b.Source && a.URL == b.URL &&
			a.Published.Equal(b.Published) && a.FirstIndexed.Equal(b.FirstIndexed) && a.Updated.Equal(b.Updated) &&
			a.Size == b.Size && a.ModTime == b.ModTime
	}) {
		t.Errorf("loadHistory() = %+v; want 4 commits and %+v", h, arts)
	}
	if _, err := os.Stat(ix.jsonHistoryPath()); !os.IsNotExist(err) {
		t.Errorf("the earlier JSON history is still there after a rewrite (%v)", err)
	}
}
