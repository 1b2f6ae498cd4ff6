package figures

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"newsdesk/corpus"
	"newsdesk/corpus/split"
)

// dataDir returns the folder name under NEWSDESK_DATA, the folder that
// holds the public data sets (bbc-news/, beir-scifact/, squad-v1.1-dev/,
// recognizers-text-specs-en/). It skips tb when NEWSDESK_DATA is unset, as
// in a fresh clone, and fails it when the set is missing there.
func dataDir(tb testing.TB, name string) string {
	tb.Helper()
	root := os.Getenv("NEWSDESK_DATA")
	if root == "" {
		tb.Skipf("NEWSDESK_DATA is not set: set it to the folder holding %s/ to run this", name)
	}
	dir := filepath.Join(root, name)
	if _, err := os.Stat(dir); err != nil {
		tb.Fatalf("NEWSDESK_DATA has no %s: %v", name, err)
	}
	return dir
}

// bbcPassages returns the passages of the BBC News set under NEWSDESK_DATA.
func bbcPassages(tb testing.TB) []corpus.Passage {
	tb.Helper()
	articles, _, err := corpus.Load(context.Background(), filepath.Join(dataDir(tb, "bbc-news"), "bbc"))
	if err != nil {
		tb.Fatal(err)
	}
	var ps []corpus.Passage
	for _, a := range articles {
		ps = append(ps, split.Passages(a)...)
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
