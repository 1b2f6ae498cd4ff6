package corpus

import (
	"slices"
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	articles := Default()
	if len(articles) != 1 {
		t.Fatalf("got %d seed articles; want 1", len(articles))
	}
	a := articles[0]
	checkArticle(t, a, want{
		ID:     "ukraine-nato-security-guarantees",
		Title:  "Ukraine signals it could set aside its NATO bid for Western security guarantees",
		Source: "seed-articles/000_e10eded68e9ffdf2.txt",
		Headings: []string{
			"Story Highlights",
			"Ukraine’s Strategic Pivot Away From NATO",
			"European Coalition Architecture Takes Shape",
			"Diplomatic Implications and Russian Calculations",
		},
	})
	if got := a.Sections[1].Paragraphs; len(got) != 4 || !strings.HasPrefix(got[0], "Zelenskyy signals") {
		t.Errorf("Story Highlights: got %q; want its 4 list items without the \"- \" marker", got)
	}
	if !equalArticles(Default(), articles) {
		t.Errorf("Default is not stable across calls")
	}
}

func equalArticles(a, b []Article) bool {
	return slices.EqualFunc(a, b, func(x, y Article) bool { return x.ID == y.ID && x.Hash == y.Hash })
}
