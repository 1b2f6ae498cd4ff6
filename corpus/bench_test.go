package corpus

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// bbcDir returns the BBC News set under NEWSDESK_DATA, the folder that
// holds the public data sets (bbc-news/, beir-scifact/, squad-v1.1-dev/,
// recognizers-text-specs-en/). Benchmarks that need it skip when
// NEWSDESK_DATA is unset, as in a fresh clone.
func bbcDir(tb testing.TB) string {
	tb.Helper()
	root := os.Getenv("NEWSDESK_DATA")
	if root == "" {
		tb.Skip("NEWSDESK_DATA is not set: set it to the folder holding bbc-news/ to run this")
	}
	dir := filepath.Join(root, "bbc-news", "bbc")
	if _, err := os.Stat(dir); err != nil {
		tb.Fatalf("NEWSDESK_DATA has no BBC News set: %v", err)
	}
	return dir
}

func BenchmarkLoadBBC(b *testing.B) {
	dir := bbcDir(b)
	var bytes int64
	for b.Loop() {
		articles, _, err := Load(context.Background(), dir)
		if err != nil {
			b.Fatal(err)
		}
		bytes = 0
		for _, a := range articles {
			bytes += int64(len(a.Text))
		}
	}
	b.SetBytes(bytes)
}
