package bot

import (
	"context"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index"
)

// indexOf is a real index of arts in a temporary data folder, closed when
// the test ends. (bot/internal/testkit has the same as testkit.Index; this
// package's tests cannot import it, because testkit imports bot.)
func indexOf(tb testing.TB, arts []corpus.Article) *index.Index {
	tb.Helper()
	ctx := context.Background()
	ix, err := index.Open(ctx, tb.TempDir(), index.Options{Owner: "test"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	if _, err := ix.Update(ctx, arts, nil); err != nil {
		tb.Fatal(err)
	}
	return ix
}
