package bleve

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index"
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
	if w, err := ix.Weights(ctx, []string{"visitor"}); err != nil || len(w) != 0 {
		t.Fatalf("Weights(visitor) before any article says it = %v, %v; want none", w, err)
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
	// The weight kept from before the update is gone with it: the written
	// passages say "visitor" now, committed or not.
	if _, ok := w["visitor"]; !ok {
		t.Error("Weights(visitor) after an update wrote it = none; want the weight the index now gives")
	}
}

// TestMatched: the query terms matched finds are those analyzing the whole
// text finds, with a memo shared across texts as Search shares it.
func TestMatched(t *testing.T) {
	an, memo := NewAnalyzer(), map[string][]string{}
	cases := []struct{ query, text string }{
		{"films compete golden bear", "Of the 21 films in competition for the Golden and Silver Bear awards, it was competing."},
		{"Australian economy grew", "Australia's economy grew 0.1% as Australians spent less; growth slowed."},
		{"U.S. exports 2025", "Shipments to the U.S. more than doubled in 2025, while exports fell."},
		{"Mido apology", "Mido's apology today does not negatively affect Mido in anyway."},
		{"Zürich café", "A café in Zürich, Ünited by its CAFÉ culture."},
		{"nothing here", ""},
	}
	for _, c := range cases {
		q := an.Terms(c.query)
		var want []string
		for _, term := range an.Terms(c.text) {
			if slices.Contains(q, term) && !slices.Contains(want, term) {
				want = append(want, term)
			}
		}
		slices.Sort(want)
		if got := an.matched(q, c.text, memo); !slices.Equal(got, want) {
			t.Errorf("matched(%q, %q) = %q; want %q", q, c.text, got, want)
		}
	}
}

// TestWeightsFollowUpdates: the weights Weights keeps between questions are
// those of the committed index: a word that enters or spreads through the
// articles weighs what it now does, not what it did.
func TestWeightsFollowUpdates(t *testing.T) {
	ctx := context.Background()
	ix := open(t, t.TempDir())
	defer ix.Close()
	weights := func(articles ...corpus.Article) map[string]float64 {
		t.Helper()
		if _, err := ix.Update(ctx, articles, nil); err != nil {
			t.Fatal(err)
		}
		w, err := ix.Weights(ctx, []string{"harbour", "strike"})
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	before := weights(article(t, "harbour", harbour), article(t, "chips", chips))
	if _, ok := before["strike"]; ok {
		t.Fatalf("Weights[strike] = %v before any article says it; want none", before["strike"])
	}
	after := weights(article(t, "harbour", harbour), article(t, "rail", rail),
		article(t, "harbour2", strings.Replace(harbour, "Harbour plan", "Second harbour plan", 1)))
	if after["strike"] <= 0 {
		t.Errorf("Weights[strike] = %v after an article says it; want > 0", after["strike"])
	}
	if after["harbour"] >= before["harbour"] {
		t.Errorf("Weights[harbour] = %v after a second harbour article; want less than %v", after["harbour"], before["harbour"])
	}
}

// Copies of a story score the same; they come back by passage ID whatever
// the order they were indexed in, so a question gets the same answer after
// every rebuild, as long as the copies fit in the hits bleve is asked for
// (k+3; see searchTies).
func TestSearchTiesByID(t *testing.T) {
	cases := []struct {
		order []string // indexed in this order, one update (a segment) each
		k     int
	}{
		{[]string{"a", "b", "c"}, 10},
		{[]string{"c", "b", "a"}, 10},
		{[]string{"b", "c", "a"}, 2},
		{[]string{"e", "b", "a", "d", "c"}, 2},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/k=%d", strings.Join(c.order, ""), c.k), func(t *testing.T) {
			ix := open(t, t.TempDir())
			defer ix.Close()
			var arts []corpus.Article
			for _, name := range c.order {
				arts = append(arts, article(t, "copies/"+name, harbour))
				update(t, ix, arts)
			}
			hits, err := ix.Search(context.Background(), "harbour berths", c.k)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Passage.ID)
			}
			sorted := slices.Sorted(slices.Values(c.order))
			var want []string
			for _, name := range sorted[:min(c.k, len(sorted))] {
				want = append(want, "copies/"+name+"#1")
			}
			if !slices.Equal(got, want) {
				t.Errorf("hits %v; want %v", got, want)
			}
		})
	}
}

// TestNarrowedSearch: a question with common and rare terms is searched
// over the passages that hold a rare term, and scored by the whole query:
// the hits and scores are the whole query's, and the passages that hold
// only common terms are left out.
func TestNarrowedSearch(t *testing.T) {
	arts := manyArticles(40) // every one: "Officials expect more next year."
	arts = append(arts,
		article(t, "zebra", "Zebra crossing opens\n\nA zebra crossing opens in Place3 next year. Officials expect fewer accidents.\n"),
		article(t, "zebra2", "Second zebra crossing\n\nThe council plans a second crossing by the school.\n"),
		article(t, "heron", "Herons return\n\nHerons nest by the river again. Officials counted 40 herons last year.\n"),
		// The second passage holds the rare term in its headline alone.
		article(t, "owl", "Owls of the town\n\nOwls nest in the old mill."+strings.Repeat(" The mill stands by the river.", 40)+"\n\nOfficials expect more next year.\n"),
	)
	ix := open(t, t.TempDir())
	defer ix.Close()
	update(t, ix, arts)
	cases := []struct {
		q      string
		k      int
		narrow bool // the question has common terms and rare ones
		want   int  // hits of the narrowed search: the whole query's first want
	}{
		{"zebra crossing next year", 2, true, 2},
		{"zebra crossing next year", 5, true, 2}, // the others hold "next year" alone
		{"how many herons did officials count last year", 1, true, 1},
		{"visitors to Place7 in 2024", 3, true, 1},
		{"owls next year", 2, true, 2},
		{"what do officials expect next year", 5, false, 5}, // all common
		{"zebra crossing", 2, false, 2},                     // all rare
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/k=%d", c.q, c.k), func(t *testing.T) {
			ix.common = 1 << 30 // no term is common: the whole query
			full, err := ix.Search(context.Background(), c.q, c.k)
			if err != nil {
				t.Fatal(err)
			}
			ix.common = 5
			rare, err := ix.rareTerms(context.Background(), ix.Terms(c.q))
			if err != nil {
				t.Fatal(err)
			}
			if got := rare != nil; got != c.narrow {
				t.Fatalf("narrowed = %v (rare terms %q); want %v", got, rare, c.narrow)
			}
			narrowed, err := ix.Search(context.Background(), c.q, c.k)
			if err != nil {
				t.Fatal(err)
			}
			if len(full) != c.k || len(narrowed) != c.want {
				t.Fatalf("%d hits narrowed, %d by the whole query; want %d and %d: %v, %v", len(narrowed), len(full), c.want, c.k, hitScores(narrowed), hitScores(full))
			}
			for i := range narrowed {
				if narrowed[i].Passage.ID != full[i].Passage.ID || narrowed[i].Score != full[i].Score {
					t.Fatalf("narrowed hits %v; want the first %d of %v", hitScores(narrowed), c.want, hitScores(full))
				}
			}
		})
	}
}

func hitScores(hits []index.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = fmt.Sprintf("%s %.4f", h.Passage.ID, h.Score)
	}
	return out
}
