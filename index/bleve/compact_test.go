package bleve

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// TestUpdateMergesSegments: after an update that writes passages (20,000
// outside this test), an index of many segments is merged into few, and
// answers as before.
func TestUpdateMergesSegments(t *testing.T) {
	dir := t.TempDir()
	reopen := func(ix *Index) *Index {
		if ix != nil {
			ix.Close() // the update's segments are on disk, apart from the next one's
		}
		ix, err := Open(context.Background(), dir, Options{Owner: "test", noMerges: true})
		if err != nil {
			t.Fatal(err)
		}
		ix.compactAbove = math.MaxInt
		return ix
	}
	var ix *Index
	arts := manyArticles(60)
	for i := 5; i <= len(arts); i += 5 { // 12 updates of 5 articles each
		ix = reopen(ix)
		update(t, ix, arts[:i])
	}
	defer ix.Close()
	if n := liveSegments(t, ix); n <= compactAbove {
		t.Fatalf("%d segments without compaction; the test needs more than %d", n, compactAbove)
	}
	top := func() []string {
		var out []string
		for i := 0; i < len(arts); i += 3 {
			out = append(out, topArticle(t, ix, fmt.Sprintf("Place%d visitors", i)))
		}
		return out
	}
	before := top()

	ix.compactAbove = compactAbove
	arts[3] = article(t, "a00003", "Report number 3\n\nThe town of Place3 counted 9 visitors in 2025.\n")
	update(t, ix, arts)
	if n := liveSegments(t, ix); n <= compactAbove {
		t.Errorf("%d segments after an update of one article; want it left to scorch", n)
	}
	ix.compactAfter = 1
	arts[4] = article(t, "a00004", "Report number 4\n\nThe town of Place4 counted 8 visitors in 2025.\n")
	update(t, ix, arts)
	if n := liveSegments(t, ix); n > compactAbove {
		t.Errorf("%d segments after an update; want at most %d", n, compactAbove)
	}
	if after := top(); !slices.Equal(after, before) {
		t.Errorf("top articles after the merge %v; want %v", after, before)
	}
}

// liveSegments returns the number of segments of ix's current snapshot.
func liveSegments(tb testing.TB, ix *Index) int {
	tb.Helper()
	n := 0
	if err := withSegments(ix.idx, func(segs []*scorch.SegmentSnapshot) error { n = len(segs); return nil }); err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestMergeFailed: compact hears of a merge that failed, and only of that.
func TestMergeFailed(t *testing.T) {
	merger := &scorch.ScorchError{Source: "merger", ErrMsg: "merging err: no space left on device", ErrType: scorch.ErrPersist}
	cases := []struct {
		err  error
		told bool
	}{
		{merger, true},
		{&scorch.ScorchError{Source: "merger", ErrMsg: "panic", ErrType: scorch.ErrAsyncPanic}, true},
		{&scorch.ScorchError{Source: "persister", ErrMsg: "persist err", ErrType: scorch.ErrPersist}, false},
		{errors.New("something else"), false},
	}
	for _, c := range cases {
		ix := &Index{merges: make(chan error, 1)}
		ix.mergeFailed(c.err)
		ix.mergeFailed(c.err) // a second report while the first waits is dropped
		var got []error
		for len(ix.merges) > 0 {
			got = append(got, <-ix.merges)
		}
		if want := c.told; (len(got) == 1) != want || len(got) > 1 || want && !slices.Contains(got, c.err) {
			t.Errorf("mergeFailed(%v): compact told %v; want told = %v", c.err, got, want)
		}
	}
}
