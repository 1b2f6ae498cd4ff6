package bleve

import (
	"context"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search"

	"newsdesk/corpus"
	"newsdesk/corpus/figures"
	"newsdesk/corpus/figures/figurestest"
)

// TestUpdateCapsFigures: an article written as figures is indexed with at
// most figures.MaxPerPassage figures a passage and figures.MaxPerArticle in
// all; a news article keeps every figure.
func TestUpdateCapsFigures(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		wantFigures int // indexed in all
	}{
		{"news article", harbour, 2},
		{"figure-dense article", figurestest.Dense(200 << 10), figures.MaxPerArticle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := article(t, "a", tt.text)
			p := build(a)
			if p.err != nil {
				t.Fatal(p.err)
			}
			if p.figures != tt.wantFigures {
				t.Errorf("build: %d figures; want %d", p.figures, tt.wantFigures)
			}
			for _, d := range p.docs {
				if kinds, _ := d.fields["fig_kind"].([]string); len(kinds) > figures.MaxPerPassage {
					t.Errorf("passage %s: %d figures; want at most %d", d.id, len(kinds), figures.MaxPerPassage)
				}
			}
			ix := open(t, t.TempDir())
			defer ix.Close()
			st, err := ix.Update(context.Background(), []corpus.Article{a}, nil)
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
			if st.Figures != tt.wantFigures {
				t.Errorf("Update: %d figures; want %d", st.Figures, tt.wantFigures)
			}
			got, err := ix.Figures(context.Background(), "", "", tt.wantFigures+10)
			if err != nil {
				t.Fatalf("Figures: %v", err)
			}
			if len(got) == 0 || len(got) > tt.wantFigures {
				t.Errorf("Figures: %d figures; want 1 to %d", len(got), tt.wantFigures)
			}
		})
	}
}

func TestInterleave(t *testing.T) {
	hits := func(ids ...string) search.DocumentMatchCollection {
		var c search.DocumentMatchCollection
		for _, id := range ids {
			c = append(c, &search.DocumentMatch{ID: id})
		}
		return c
	}
	tests := []struct {
		lists []search.DocumentMatchCollection
		want  []string
	}{
		{[]search.DocumentMatchCollection{hits("a", "b")}, []string{"a", "b"}},
		{[]search.DocumentMatchCollection{hits("a", "b", "c"), hits("x")}, []string{"a", "x", "b", "c"}},
		{[]search.DocumentMatchCollection{hits("a", "b"), hits("b", "a", "y")}, []string{"a", "b", "y"}},
		{[]search.DocumentMatchCollection{hits(), hits("x", "y")}, []string{"x", "y"}},
	}
	for _, tt := range tests {
		var got []string
		for _, h := range interleave(tt.lists) {
			got = append(got, h.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("interleave = %v; want %v", got, tt.want)
		}
	}
}
