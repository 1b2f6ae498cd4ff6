package testkit

import (
	"context"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index/bleve"
)

// Index is a real index of arts in a temporary data folder, closed when the
// test ends.
func Index(tb testing.TB, arts []corpus.Article) *bleve.Index {
	tb.Helper()
	ctx := context.Background()
	ix, err := bleve.Open(ctx, tb.TempDir(), bleve.Options{Owner: "test"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	if _, err := ix.Update(ctx, arts, nil); err != nil {
		tb.Fatal(err)
	}
	return ix
}

// SeedIndex is a real index over the embedded seed article.
func SeedIndex(tb testing.TB) *bleve.Index {
	tb.Helper()
	return Index(tb, corpus.Default())
}
