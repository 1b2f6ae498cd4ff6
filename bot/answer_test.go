package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index"
	"newsdesk/index/bleve"
)

// testLibrary indexes ../testdata/articles plus the embedded seed article
// in a temporary data folder.
func testLibrary(tb testing.TB) *bleve.Index {
	tb.Helper()
	arts, report, err := corpus.Load(context.Background(), "../testdata/articles")
	if err != nil {
		tb.Fatalf("load testdata: %v", err)
	}
	if len(report.Skipped) > 0 {
		tb.Fatalf("testdata skipped: %+v", report.Skipped)
	}
	return indexOf(tb, append(arts, corpus.Default()...))
}

// indexOf is a real index of arts in a temporary data folder, closed when
// the test ends.
func indexOf(tb testing.TB, arts []corpus.Article) *bleve.Index {
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

// TestAskRetrieval is the retrieval quality table: each question, phrased as
// a colleague would ask it, must be answered from the passage holding want,
// and the quoted answer must contain quote.
func TestAskRetrieval(t *testing.T) {
	a := NewAnswerer(testLibrary(t), nil, nil)
	cases := []struct {
		question string
		want     string // text of the passage that must be cited first
		quote    string // text the quoted answer must contain
	}{
		{"How much money did NATO allies give Ukraine in 2024?", "over €50 billion", "over €50 billion"},
		{"How much support did allies provide Ukraine in 2024?", "over €50 billion", "over €50 billion"},
		{"What share of the support came from European allies and Canada?", "nearly 60 percent", "nearly 60 percent"},
		{"How much has been committed for 2025?", "€35 billion", "€35 billion"},
		{"Who confirmed Zelenskyy's shift on NATO membership?", "William Taylor", "Taylor"},
		{"Where did Kushner and Witkoff hold talks?", "Jared Kushner", "Moscow and Berlin"},
		{"What did Russia violate in 1994?", "Budapest Memorandum", "Budapest"},
		{"How many berths will the Northport harbour get?", "300 new berths", "300 new berths"},
		{"How much of the harbour cost does the development fund cover?", "regional development fund", "60%"},
		{"By how much would fees have to rise?", "nearly 30 percent", "30 percent"},
		{"How fast did Taiwan's chip exports grow?", "12.5%", "12.5%"},
		{"How many people work at the largest foundry?", "76,000", "76,000"},
		{"What pay rise do train drivers get?", "6% pay rise", "6% pay rise"},
		{"How many commuters use the rail network?", "1.2 million commuters", "1.2 million"},
		{"How many drivers would have gone on strike on Monday?", "9,000 train drivers", "9,000"},
		{"Who won the Lakeside marathon?", "Grace Wanjiru", "Wanjiru"},
		{"How many runners started the marathon?", "18,500 runners", "18,500"},
		{"How much will household energy bills fall?", "£122 a year", "£122"},
	}
	for _, c := range cases {
		t.Run(c.question, func(t *testing.T) {
			ans, err := a.Ask(context.Background(), c.question, AskOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Mode != Extractive || len(ans.Citations) == 0 {
				t.Fatalf("mode %q with %d citations; want extractive with a citation (related: %+v)", ans.Mode, len(ans.Citations), ans.Related)
			}
			if got := ans.Citations[0].Text; !strings.Contains(got, c.want) {
				t.Errorf("cited passage = %q; want one containing %q", got, c.want)
			}
			if !strings.Contains(ans.Answer, c.quote) {
				t.Errorf("answer = %q; want it to contain %q", ans.Answer, c.quote)
			}
			for _, part := range strings.Split(ans.Answer, " … ") { // a lede and the later sentence that answers
				if !strings.Contains(ans.Citations[0].Text, part) {
					t.Errorf("answer %q is not quoted from the cited passage %q", ans.Answer, ans.Citations[0].Text)
				}
			}
		})
	}
}

func TestAskCitation(t *testing.T) {
	a := NewAnswerer(testLibrary(t), nil, nil)
	ans, err := a.Ask(context.Background(), "How many new berths does the harbour plan add?", AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := ans.Citations[0]
	want := Citation{
		ArticleID: "harbour-expansion",
		Title:     "Northport council approves £40m harbour expansion",
		Source:    "Northport Gazette (test article written for newsdesk)",
		URL:       "https://example.org/northport/harbour-expansion",
		Published: "2025-03-04",
	}
	if c.ArticleID != want.ArticleID || c.Title != want.Title || c.Source != want.Source || c.URL != want.URL || c.Published != want.Published {
		t.Errorf("citation = %+v; want %+v", c, want)
	}
	if !strings.HasPrefix(c.Locator, "What will be built") || c.PassageID == "" || c.Score <= 0 {
		t.Errorf("locator %q, passage %q, score %v; want a 'What will be built' locator, an ID and a score", c.Locator, c.PassageID, c.Score)
	}
}

func TestAskNothingRelevant(t *testing.T) {
	a := NewAnswerer(testLibrary(t), nil, nil)
	for _, q := range []string{
		"What is the boiling point of tungsten on Mars?",
		"Who won the chess olympiad?",
	} {
		t.Run(q, func(t *testing.T) {
			ans, err := a.Ask(context.Background(), q, AskOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Mode != NoAnswer || len(ans.Citations) != 0 || ans.Answer != NoAnswerText {
				t.Errorf("mode %q, answer %q, %d citations; want %q with none", ans.Mode, ans.Answer, len(ans.Citations), NoAnswer)
			}
		})
	}
}

func TestAskFollowUp(t *testing.T) {
	a := NewAnswerer(testLibrary(t), nil, nil)
	ans, err := a.Ask(context.Background(), "and in 2025?", AskOptions{Previous: "How much support did allies provide Ukraine in 2024?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != Extractive || !strings.Contains(ans.Answer, "€35 billion") {
		t.Errorf("follow-up answer = %q (%s); want the €35 billion sentence", ans.Answer, ans.Mode)
	}
}

// TestAskFollowUpOfQuestionWords: a follow-up made only of question words
// ("and when?") is asked about the thread's question, and asks for what its
// own words ask: a date.
func TestAskFollowUpOfQuestionWords(t *testing.T) {
	a := NewAnswerer(testLibrary(t), nil, nil)
	ans, err := a.Ask(context.Background(), "and when?", AskOptions{Previous: "Who won the Lakeside marathon?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != Extractive || !strings.Contains(ans.Answer, "on Sunday") {
		t.Errorf("follow-up answer = %q (%s); want the sentence with \"on Sunday\"", ans.Answer, ans.Mode)
	}
}

// TestAskNothingToSearch: a question with no word to search for is the
// asker's mistake, said so, not "I couldn't find this in the articles".
func TestAskNothingToSearch(t *testing.T) {
	a := NewAnswerer(testLibrary(t), nil, nil)
	for _, c := range []struct{ q, previous string }{
		{"???", ""},
		{"What is it?", ""},
		{"Who is he?", ""},
		{"these", ""},
		{"🤔", "Who won the Lakeside marathon?"},
	} {
		ans, err := a.Ask(context.Background(), c.q, AskOptions{Previous: c.previous})
		if !errors.Is(err, ErrNothingToSearch) || !errors.Is(err, ErrEmptyQuestion) {
			t.Errorf("Ask(%q) = %q (%s), error %v; want ErrNothingToSearch, which matches ErrEmptyQuestion", c.q, ans.Answer, ans.Mode, err)
		}
	}
}

func TestAskLatest(t *testing.T) {
	a := NewAnswerer(testLibrary(t), nil, nil)
	ans, err := a.Ask(context.Background(), "What is the latest energy price cap for a typical household?", AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Citations) == 0 || ans.Citations[0].ArticleID != "energy-prices-update" || ans.Citations[0].Published != "2025-10-02" {
		t.Errorf("citations = %+v; want the October update first, dated", ans.Citations)
	}
}

func TestAskRejects(t *testing.T) {
	a := NewAnswerer(testLibrary(t), nil, nil)
	cases := []struct {
		q    string
		want error
	}{
		{"", ErrEmptyQuestion},
		{" \t\n", ErrEmptyQuestion},
		{strings.Repeat("é", MaxQuestion+1), ErrQuestionTooLong},
	}
	for _, c := range cases {
		if _, err := a.Ask(context.Background(), c.q, AskOptions{}); !errors.Is(err, c.want) {
			t.Errorf("Ask(%.20q) error = %v; want %v", c.q, err, c.want)
		}
	}
	// Any Unicode text is a question.
	if _, err := a.Ask(context.Background(), "Что случилось с НАТО? 北约 🤔", AskOptions{}); err != nil {
		t.Errorf("Ask(unicode) error = %v; want none", err)
	}
}

// staleLibrary returns passages whose article text no longer holds them, as
// when an article changes between search and quote.
type staleLibrary struct{ *bleve.Index }

func (staleLibrary) ArticleText(ctx context.Context, id string) (string, error) {
	return "the article was rewritten", nil
}

func TestAskNeverQuotesUnverifiedText(t *testing.T) {
	a := NewAnswerer(staleLibrary{testLibrary(t)}, nil, nil)
	ans, err := a.Ask(context.Background(), "How much support did allies provide Ukraine in 2024?", AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != NoAnswer || len(ans.Citations) != 0 {
		t.Errorf("mode %q with citations %+v; want no answer when no quote verifies", ans.Mode, ans.Citations)
	}
}

func TestFollowUp(t *testing.T) {
	cases := []struct{ prev, q, want string }{
		{"How much support did allies provide Ukraine in 2024?", "and in 2025?", "support allies provide Ukraine 2025"},
		{"", "and in 2025?", "and in 2025?"},
		{"How much support did allies provide Ukraine in 2024?", "Who won the Lakeside marathon on Sunday?", "Who won the Lakeside marathon on Sunday?"},
		{"Who won the marathon?", "what about the record?", "won marathon record"},
		{"Who won the marathon?", "", ""},
		{"Who won the marathon?", "and when?", "won marathon"},
		{"Who won the marathon?", "???", "???"},
		{"How much support did allies provide Ukraine in 2024?", "2025?", "support allies provide Ukraine 2025"},
	}
	for _, c := range cases {
		if got := followUp(c.prev, c.q); got != c.want {
			t.Errorf("followUp(%q, %q) = %q; want %q", c.prev, c.q, got, c.want)
		}
	}
}

func TestBuildQuery(t *testing.T) {
	cases := []struct{ q, want string }{
		{"How much money did NATO allies give Ukraine in 2024?", "money NATO allies give Ukraine 2024"},
		{"What did the U.S. say about €50bn?", "U.S 50bn"},
		{"Who's Zelenskyy’s envoy?", "Who's Zelenskyy’s envoy"},
		{"Which club does Hodgson manage, in the story on winter breaks?", "club Hodgson manage winter breaks"},
		{"???", ""},
	}
	for _, c := range cases {
		if got := buildQuery(c.q); got != c.want {
			t.Errorf("buildQuery(%q) = %q; want %q", c.q, got, c.want)
		}
	}
}

func FuzzBuildQuery(f *testing.F) {
	for _, s := range []string{"How much money did NATO allies give Ukraine in 2024?", "€50bn.", "U.S.-led", "", "''..--", "日本の首相は誰?"} {
		f.Add(s, "and in 2025?")
	}
	f.Fuzz(func(t *testing.T, q, prev string) {
		got := buildQuery(followUp(prev, q))
		if strings.ContainsAny(got, "?!,;:\"()[]{}<>") {
			t.Errorf("buildQuery kept punctuation: %q", got)
		}
		for _, w := range strings.Fields(got) {
			if questionWords[strings.ToLower(w)] {
				t.Errorf("buildQuery kept question word %q in %q", w, got)
			}
		}
	})
}

func TestFormsOf(t *testing.T) {
	cases := []struct {
		word string
		want []string
	}{
		{"Australian", []string{"australia"}},
		{"Europe", []string{"european"}},
		{"grew", []string{"grow", "grown"}},
		{"pays", []string{"paid"}},
		{"paying", []string{"paid"}},
		{"harbour", nil},
		{"television", []string{"tv"}},
		{"UK", []string{"britain"}},
		{"leaving", []string{"left"}},
		{"left", nil}, // the side, as often as the verb
	}
	for _, c := range cases {
		if got := formsOf()[analyzer.Terms(c.word)[0]]; !slices.Equal(got, c.want) {
			t.Errorf("formsOf(%q) = %v; want %v", c.word, got, c.want)
		}
	}
}

// TestAskWordForms: a question worded with another form of the article's
// word finds the passage holding the whole question.
func TestAskWordForms(t *testing.T) {
	a := NewAnswerer(testLibrary(t), nil, nil)
	cases := []struct {
		question, passage string
	}{
		{"Taiwanese chip exports", "Taiwan's semiconductor exports"},               // place and adjective
		{"councillors opposed the loan", "Opposition councillors argued the loan"}, // verb and -ition noun
	}
	for _, c := range cases {
		hits, qt, _, err := a.retrieve(context.Background(), c.question, 10)
		if err != nil {
			t.Fatal(err)
		}
		cands := rank(hits, qt, false)
		if len(cands) == 0 || !strings.Contains(cands[0].hit.Passage.Text, c.passage) || cands[0].coverage < 0.999 {
			t.Errorf("%q: best candidate = %+v; want the passage with %q, covering the whole question", c.question, cands, c.passage)
		}
	}
}

func TestNominalForm(t *testing.T) {
	cases := []struct{ word, want string }{
		{"compete", "competit"}, // "competition"
		{"oppose", "opposit"},
		{"competition", ""}, // only from the verb
		{"deposed", ""},     // not "deposit"
		{"credit", ""},      // not "cred"
		{"loan", ""},
	}
	for _, c := range cases {
		var got string
		if w := nominalForm(analyzer.Terms(c.word)[0]); w != "" {
			got = strings.Join(analyzer.Terms(w), " ")
		}
		if got != c.want {
			t.Errorf("nominalForm(%q) analyzes to %q; want %q", c.word, got, c.want)
		}
	}
}

func TestWantsLatest(t *testing.T) {
	cases := []struct {
		q    string
		want bool
	}{
		{"What is the latest energy price cap?", true},
		{"How many households are behind now?", true},
		{"What is the most recent figure?", true},
		{"What is the current bill?", true},
		{"Is the marathon route well known?", false},
		{"Which currency fell?", false},
		{"How much snow fell?", false},
	}
	for _, c := range cases {
		if got := wantsLatest(c.q); got != c.want {
			t.Errorf("wantsLatest(%q) = %v; want %v", c.q, got, c.want)
		}
	}
}

// weightsLibrary weighs terms from a fixed table and finds nothing.
type weightsLibrary struct {
	Library
	w map[string]float64
}

func (l weightsLibrary) Weights(_ context.Context, terms []string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, t := range terms {
		if v, ok := l.w[t]; ok {
			out[t] = v
		}
	}
	return out, nil
}

func (weightsLibrary) Search(context.Context, string, int) ([]index.Hit, error) { return nil, nil }

// TestRetrieveWeighsFormsOnce: a word weighs as the lightest of its own
// forms, as the index gives them, whatever order the forms are visited in
// ("uk" is linked to "britain", "britain" to "british").
func TestRetrieveWeighsFormsOnce(t *testing.T) {
	a := NewAnswerer(weightsLibrary{w: map[string]float64{"uk": 3, "britain": 2, "british": 1, "economi": 4}}, nil, nil)
	for range 50 {
		_, q, _, err := a.retrieve(context.Background(), "Britain and the UK economy", 10)
		if err != nil {
			t.Fatal(err)
		}
		if q.weight["uk"] != 2 || q.weight["britain"] != 1 || q.weight["economi"] != 4 {
			t.Fatalf("weights = %v; want uk 2 (as britain), britain 1 (as british), economi 4", q.weight)
		}
	}
}
