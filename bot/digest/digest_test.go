package digest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk/bot"
	"newsdesk/corpus"
	"newsdesk/internal/testkit"
)

func TestDigestSeedArticle(t *testing.T) {
	ix := testkit.SeedIndex(t)
	d, err := NewScheduler(ix, nil, Options{}).Next(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Articles) != 1 || !d.First {
		t.Fatalf("articles = %d, first = %v; want the seed article in a first digest", len(d.Articles), d.First)
	}
	a := d.Articles[0]
	if a.ExtractKind != "highlights" || len(a.Extract) != 4 || !strings.HasPrefix(a.Extract[0], "Zelenskyy signals readiness") {
		t.Errorf("extract = %s %q; want the 4 Story Highlights", a.ExtractKind, a.Extract)
	}
	var figs []string
	for _, f := range a.Figures {
		figs = append(figs, f.Text)
	}
	if want := []string{"over €50 billion", "nearly 60 percent", "€35 billion"}; !slices.Equal(figs, want) {
		t.Errorf("figures = %q; want %q", figs, want)
	}
}

func TestExtract(t *testing.T) {
	long := strings.Repeat("word ", 100)
	tests := []struct {
		name     string
		sections []corpus.Section
		wantKind string
		want     []string
	}{
		{name: "lede: two sentences",
			sections: []corpus.Section{{Paragraphs: []string{"First thing happened. Second thing too. Third is left out.", "Next paragraph."}}},
			wantKind: "lede", want: []string{"First thing happened. Second thing too."}},
		{name: "lede: one sentence when two are too long",
			sections: []corpus.Section{{Paragraphs: []string{"Short one. Then " + long + "end."}}},
			wantKind: "lede", want: []string{"Short one."}},
		{name: "highlights list wins over the lede",
			sections: []corpus.Section{{Paragraphs: []string{"Lede."}}, {Heading: "Key points", Paragraphs: []string{"One", "Two"}}},
			wantKind: "highlights", want: []string{"One", "Two"}},
		{name: "no lede section: first paragraph under a heading",
			sections: []corpus.Section{{Heading: "Background", Paragraphs: []string{"It began in May. Then more."}}},
			wantKind: "lede", want: []string{"It began in May. Then more."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, got := extract(corpus.Article{Sections: tt.sections})
			if kind != tt.wantKind || !slices.Equal(got, tt.want) {
				t.Errorf("extract = %s %q; want %s %q", kind, got, tt.wantKind, tt.want)
			}
		})
	}
}

func TestKeyFigures(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{name: "amounts before years", text: "In 2019 and 2020 the city spent $3 million on 40 buses, up 12%.",
			want: []string{"$3 million", "40", "12%"}},
		{name: "years when nothing else", text: "It was built in 1990 and rebuilt in 2004.", want: []string{"1990", "2004"}},
		{name: "none", text: "Nothing to count here.", want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []string{}
			for _, f := range keyFigures(tt.text) {
				got = append(got, f.Text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("key figures = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestDigestMarkSelectsNew(t *testing.T) {
	t0 := time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		since *mark
		want  []string // IDs in the digest
		next  mark
	}{
		{name: "first digest: the latest", since: nil, want: []string{"c", "b", "a"},
			next: mark{At: t0.Add(2 * time.Hour), IDs: []string{"c"}}},
		{name: "after a", since: &mark{At: t0, IDs: []string{"a"}}, want: []string{"c", "b"},
			next: mark{At: t0.Add(2 * time.Hour), IDs: []string{"c"}}},
		{name: "mid-update: b seen, the rest of its batch not", since: &mark{At: t0.Add(time.Hour), IDs: []string{"b"}},
			want: []string{"c", "b2"}, next: mark{At: t0.Add(2 * time.Hour), IDs: []string{"c"}}},
		{name: "nothing new", since: &mark{At: t0.Add(2 * time.Hour), IDs: []string{"c"}}, want: []string{},
			next: mark{At: t0.Add(2 * time.Hour), IDs: []string{"c"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newMemStore()
			store.add("a", "A", t0)
			store.add("b", "B", t0.Add(time.Hour))
			store.add("c", "C", t0.Add(2*time.Hour))
			if tt.since != nil && tt.since.At.Equal(t0.Add(time.Hour)) {
				store.add("b2", "B2", t0.Add(time.Hour)) // same Update as b, written after the last digest read
			}
			d, next, err := build(context.Background(), store, nil, nil, "2025-03-03", tt.since)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, a := range d.Articles {
				got = append(got, a.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("digest = %v; want %v", got, tt.want)
			}
			if !next.At.Equal(tt.next.At) || !slices.Equal(next.IDs, tt.next.IDs) {
				t.Errorf("next mark = %+v; want %+v", next, tt.next)
			}
		})
	}
}

func TestDigestUpdatedArticle(t *testing.T) {
	t0 := time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC)
	store := newMemStore()
	store.add("a", "A", t0)
	store.add("a", "A", t0.Add(time.Hour)) // changed later: first indexed stays t0
	d, _, err := build(context.Background(), store, nil, nil, "2025-03-03", &mark{At: t0, IDs: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Articles) != 1 || d.Articles[0].Status != "updated" {
		t.Errorf("digest = %+v; want a listed as updated", d.Articles)
	}
}

// stubSummarizer returns a fixed summary.
type stubSummarizer struct {
	text string
	err  error
}

func (s stubSummarizer) Summarize(_ context.Context, _ string, passages []bot.Citation) (bot.Summary, error) {
	if len(passages) == 0 {
		return bot.Summary{}, errors.New("no passages")
	}
	return bot.Summary{Text: s.text, Cited: []int{1}, Model: "stub"}, s.err
}

func TestDigestOverview(t *testing.T) {
	tests := []struct {
		name         string
		sum          stubSummarizer
		wantOverview bool
	}{
		{name: "grounded", sum: stubSummarizer{text: "Ukraine may set aside its NATO bid [1]."}, wantOverview: true},
		{name: "number not in the articles", sum: stubSummarizer{text: "Allies gave €90 billion [1]."}},
		{name: "no marker", sum: stubSummarizer{text: "Ukraine may set aside its NATO bid."}},
		{name: "endpoint failed", sum: stubSummarizer{err: fmt.Errorf("chat completions: %w", bot.ErrLLMUnavailable)}},
	}
	ix := testkit.SeedIndex(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := NewScheduler(ix, tt.sum, Options{}).Next(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Overview != ""; got != tt.wantOverview {
				t.Errorf("overview = %q; want shown %v", d.Overview, tt.wantOverview)
			}
			if !tt.wantOverview && d.OverviewFallback == "" {
				t.Error("no overview_fallback reason for a dropped overview")
			}
		})
	}
}

func TestWriteDigest(t *testing.T) {
	ix := testkit.SeedIndex(t)
	d, err := NewScheduler(ix, nil, Options{}).Next(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteDigest(&b, d); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1. Ukraine signals", "• Zelenskyy signals", "Key figures: over €50 billion · nearly 60 percent · €35 billion"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}
