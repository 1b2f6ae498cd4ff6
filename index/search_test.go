package index

import (
	"context"
	"math"
	"testing"

	"newsdesk/corpus"
)

// TestSearchHugeK: a k far beyond the number of passages returns what there
// is; it never overflows the request size or allocates for k.
func TestSearchHugeK(t *testing.T) {
	ctx := context.Background()
	ix := open(t, t.TempDir())
	defer ix.Close()
	if _, err := ix.Update(ctx, []corpus.Article{article(t, "harbour", harbour), article(t, "chips", chips)}, nil); err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{math.MaxInt, math.MaxInt - 2, 1 << 40} {
		hits, err := ix.Search(ctx, "harbour plan", k)
		if err != nil || len(hits) == 0 {
			t.Errorf("Search(k=%d) = %d hits, %v; want the harbour passages", k, len(hits), err)
		}
		figs, err := ix.Figures(ctx, "harbour plan", "", k)
		if err != nil || len(figs) < 2 {
			t.Errorf("Figures(k=%d) = %d figures, %v; want £40m and 300 berths", k, len(figs), err)
		}
	}
}

// TestWeightsDuringUncommittedUpdate: passages an update has written but not
// committed count towards a term's document frequency; a term's weight must
// still never be negative (which would make a passage holding it rank
// below one without it).
func TestWeightsDuringUncommittedUpdate(t *testing.T) {
	ctx := context.Background()
	ix := open(t, t.TempDir())
	defer ix.Close()
	if _, err := ix.Update(ctx, []corpus.Article{article(t, "rail", rail)}, nil); err != nil {
		t.Fatal(err)
	}
	ix.crashBeforeCommit = true
	if _, err := ix.Update(ctx, append(manyArticles(20), article(t, "rail", rail)), nil); err == nil {
		t.Fatal("Update did not stop before its commit")
	}
	w, err := ix.Weights(ctx, []string{"visitor", "rail"})
	if err != nil {
		t.Fatal(err)
	}
	for term, v := range w {
		if v < 0 {
			t.Errorf("Weights[%q] = %v; want ≥ 0", term, v)
		}
	}
}
