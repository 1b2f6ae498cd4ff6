package answer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"newsdesk/bot/answer"
	"newsdesk/corpus"
	"newsdesk/internal/testkit"
)

// TestFiguresRanking looks up topics over the test articles (small local
// news stories that share a town, its harbour and its kinds of figure, and
// the seed article) and checks the figure that comes first: the one its
// own sentence, subject and article are about, of the kind the topic asks
// for. No figure is listed twice from one article.
func TestFiguresRanking(t *testing.T) {
	ctx := context.Background()
	root := testkit.RepoRoot(t)
	var arts []corpus.Article
	for _, dir := range []string{"testdata/articles", "testdata/eval/articles", "testdata/eval/conversations/articles"} {
		more, _, err := corpus.Load(ctx, filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, more...)
	}
	a := answer.New(testkit.Index(t, append(arts, corpus.Default()...)), nil, nil)
	tests := []struct {
		topic, why     string
		first, article string
	}{
		{"aid to Ukraine", "the amount of the aid before the NATO members and the years",
			"over €50 billion", "ukraine-nato-security-guarantees"},
		{"wind farm cost", "the title says wind farm; the sentence says cost, not a price per megawatt hour",
			"£2.7bn", "wind-farm"},
		{"wind farm jobs", "a count, in an article whose title is the topic, though its sentence is not",
			"about 450", "wind-farm"},
		{"harbour council loan", "money, next to the loan, not the harbour board's rent in another article",
			"£16m", "harbour-expansion"},
		{"ferry fare rise", "a rise may be a percentage: the fares rise by 8%, a ticket costs £142",
			"8%", "ferry-fares"},
		{"energy bills fall", "… or an amount: bills fall by £122, they are 40% above the old level",
			"£122", "energy-prices"},
		{"Eastgate pool staff", "a count of staff, not the refit's cost in the title",
			"35", "pool-reopening"},
		{"pool lifeguards", "the count next to the word, not the staff count before it",
			"18", "pool-reopening"},
		{"foundry headcount", "the figure whose subject is the headcount, not the workers added",
			"about 76,000", "chip-exports"},
		{"Greywater Bank compensation", "the compensation offered, not the boats or the distance",
			"£2m", "wind-farm"},
		{"Greywater Bank distance", "a distance is a measure with a unit, not the fishing boats of the bank",
			"about 18 miles", "wind-farm"},
		{"pool closure proposal year", "a year when the topic ends in one, not the refit's cost",
			"2022", "pool-reopening"},
		{"rail pay rise this year", "\"this year\" says which rise, not that a year is asked for",
			"6%", "rail-strike"},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			fl, err := a.Figures(ctx, tt.topic, "", 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(fl.Figures) == 0 {
				t.Fatalf("Figures(%q): no figures; want %s (%s) first: %s", tt.topic, tt.first, tt.article, tt.why)
			}
			got := fl.Figures[0]
			if got.Text != tt.first || got.Citation.ArticleID != tt.article {
				var list []string
				for _, f := range fl.Figures[:min(4, len(fl.Figures))] {
					list = append(list, f.Text+" ("+f.Citation.ArticleID+")")
				}
				t.Errorf("Figures(%q) first = %s (%s); want %s (%s): %s\n  got %q",
					tt.topic, got.Text, got.Citation.ArticleID, tt.first, tt.article, tt.why, list)
			}
			seen := map[string]bool{}
			for _, f := range fl.Figures {
				key := fmt.Sprintf("%s|%s|%g|%s", f.Citation.ArticleID, f.Kind, f.Value, f.Unit)
				if seen[key] {
					t.Errorf("Figures(%q) lists %s (%s) twice", tt.topic, f.Text, f.Citation.ArticleID)
				}
				seen[key] = true
			}
		})
	}
}

// TestFiguresComparedAndConverted: the figure a sentence compares the news
// with ("rather than 6%") ranks below the news, unless the topic asks for
// the earlier one; an amount's conversion in brackets ("$6.6bn (£3.5bn)")
// is the same figure, listed once by its first amount.
func TestFiguresComparedAndConverted(t *testing.T) {
	ctx := context.Background()
	arts := []corpus.Article{
		{ID: "forecast", Title: "Tsunami cuts Thailand growth forecast", Source: "forecast.txt",
			Text: "Thailand's economy is now expected to grow by 5.7% in 2005, rather than 6% as forecast before the tsunami."},
		{ID: "mobile", Title: "Mobile TV tipped as next big thing", Source: "mobile.txt",
			Text: "Analysts estimate that mobile broadcast networks will have around 51 million users by 2009, producing around $6.6bn (£3.5bn) in revenue."},
	}
	for i := range arts {
		arts[i].Sections = []corpus.Section{{Paragraphs: []string{arts[i].Text}}}
	}
	a := answer.New(testkit.Index(t, arts), nil, nil)
	tests := []struct {
		topic, first string
		absent       string // a figure that must not be listed at all
	}{
		{"Thailand growth forecast", "5.7%", ""},
		{"Thailand previous growth forecast", "6%", ""},
		{"mobile TV revenue", "around $6.6bn", "£3.5bn"},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			fl, err := a.Figures(ctx, tt.topic, "", 10)
			if err != nil {
				t.Fatal(err)
			}
			var list []string
			for _, f := range fl.Figures {
				list = append(list, f.Text)
			}
			if len(list) == 0 || list[0] != tt.first {
				t.Errorf("Figures(%q) = %q; want %q first", tt.topic, list, tt.first)
			}
			if tt.absent != "" && slices.Contains(list, tt.absent) {
				t.Errorf("Figures(%q) = %q; want no %q (the amount before it, converted)", tt.topic, list, tt.absent)
			}
		})
	}
}
