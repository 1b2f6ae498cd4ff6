package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"newsdesk/corpus"
	"newsdesk/index"
)

// seedIndex is a real index over the embedded article.
func seedIndex(tb testing.TB) *index.Index {
	tb.Helper()
	return indexOf(tb, corpus.Default())
}

func TestDigestSeedArticle(t *testing.T) {
	ix := seedIndex(t)
	d, err := NewDigests(ix, nil, DigestOptions{}).Next(context.Background(), nil)
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
	m := digestMessage(d)
	if !strings.Contains(m.Text, digestMarker(d.Date)) {
		t.Errorf("fallback %q has no marker", m.Text)
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
		name string
		mark *digestMark
		want []string // IDs in the digest
		next digestMark
	}{
		{name: "first digest: the latest", mark: nil, want: []string{"c", "b", "a"},
			next: digestMark{At: t0.Add(2 * time.Hour), IDs: []string{"c"}}},
		{name: "after a", mark: &digestMark{At: t0, IDs: []string{"a"}}, want: []string{"c", "b"},
			next: digestMark{At: t0.Add(2 * time.Hour), IDs: []string{"c"}}},
		{name: "mid-update: b seen, the rest of its batch not", mark: &digestMark{At: t0.Add(time.Hour), IDs: []string{"b"}},
			want: []string{"c", "b2"}, next: digestMark{At: t0.Add(2 * time.Hour), IDs: []string{"c"}}},
		{name: "nothing new", mark: &digestMark{At: t0.Add(2 * time.Hour), IDs: []string{"c"}}, want: []string{},
			next: digestMark{At: t0.Add(2 * time.Hour), IDs: []string{"c"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newMemStore()
			store.add("a", "A", t0)
			store.add("b", "B", t0.Add(time.Hour))
			store.add("c", "C", t0.Add(2*time.Hour))
			if tt.mark != nil && tt.mark.At.Equal(t0.Add(time.Hour)) {
				store.add("b2", "B2", t0.Add(time.Hour)) // same Update as b, written after the last digest read
			}
			d, next, err := buildDigest(context.Background(), store, nil, nil, "2025-03-03", tt.mark)
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
	d, _, err := buildDigest(context.Background(), store, nil, nil, "2025-03-03", &digestMark{At: t0, IDs: []string{"a"}})
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

func (s stubSummarizer) Summarize(_ context.Context, _ string, passages []Citation) (Summary, error) {
	if len(passages) == 0 {
		return Summary{}, errors.New("no passages")
	}
	return Summary{Text: s.text, Cited: []int{1}, Model: "stub"}, s.err
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
		{name: "endpoint failed", sum: stubSummarizer{err: ErrLLMUnavailable}},
	}
	ix := seedIndex(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := NewDigests(ix, tt.sum, DigestOptions{}).Next(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Overview != ""; got != tt.wantOverview {
				t.Errorf("overview = %q; want shown %v", d.Overview, tt.wantOverview)
			}
			if !tt.wantOverview && d.OverviewFallback == "" {
				t.Error("no overview_fallback reason for a dropped overview")
			}
			m := digestMessage(d)
			has := strings.Contains(blockText(m), "Overview by stub")
			if has != tt.wantOverview {
				t.Errorf("message shows overview = %v; want %v", has, tt.wantOverview)
			}
		})
	}
}

// blockText joins the text of every section and context block.
func blockText(m Message) string {
	var b strings.Builder
	for _, bl := range m.Blocks {
		switch bl := bl.(type) {
		case *slack.SectionBlock:
			b.WriteString(bl.Text.Text + "\n")
		case *slack.ContextBlock:
			for _, e := range bl.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					b.WriteString(t.Text + "\n")
				}
			}
		}
	}
	return b.String()
}

func TestDigestMessageEscapes(t *testing.T) {
	d := Digest{Date: "2025-03-03", Articles: []DigestArticle{{
		ID: "x", Title: "<!channel> & friends", URL: "javascript:alert(1)", ExtractKind: "lede",
		Extract: []string{"Hello <@U123>."}, Figures: []DigestFigure{{Text: "<3 million>"}},
	}}}
	m := digestMessage(d)
	text := blockText(m) + m.Text
	for _, bad := range []string{"<!channel>", "<@U123>", "javascript:", "<3"} {
		if strings.Contains(text, bad) {
			t.Errorf("message contains %q unescaped:\n%s", bad, text)
		}
	}
	if !strings.Contains(text, "&lt;!channel&gt; &amp; friends") {
		t.Errorf("escaped title missing:\n%s", text)
	}
}

func TestWriteDigest(t *testing.T) {
	ix := seedIndex(t)
	d, err := NewDigests(ix, nil, DigestOptions{}).Next(context.Background(), nil)
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
