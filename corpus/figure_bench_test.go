package corpus

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// bbcPassages returns the passages of the BBC News set, or skips tb when the
// set is missing (a fresh clone). NEWSDESK_SHARED_DATA may point at the
// shared data directory instead of the one next to the repository.
func bbcPassages(tb testing.TB) []Passage {
	tb.Helper()
	dir := bbcDir
	if d := os.Getenv("NEWSDESK_SHARED_DATA"); d != "" {
		dir = filepath.Join(d, "bbc-news", "bbc")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("BBC data not found at %s", dir)
	}
	articles, _, err := Load(context.Background(), dir)
	if err != nil {
		tb.Fatal(err)
	}
	var ps []Passage
	for _, a := range articles {
		ps = append(ps, Split(a)...)
	}
	return ps
}

func BenchmarkExtractBBC(b *testing.B) {
	ps := bbcPassages(b)
	var bytes int64
	for _, p := range ps {
		bytes += int64(len(p.Text))
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			Extract(p.Text)
		}
	}
}
