package answer

import (
	"context"
	"errors"
	"strings"
	"testing"

	"newsdesk/bot"
	"newsdesk/index/bleve"
	"newsdesk/internal/testkit"
)

// TestAskRetrieval is the retrieval quality table: each question, phrased as
// a colleague would ask it, must be answered from the passage holding want,
// and the quoted answer must contain quote.
func TestAskRetrieval(t *testing.T) {
	a := New(testkit.Library(t), nil, nil)
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
			ans, err := a.Ask(context.Background(), c.question, bot.AskOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Mode != bot.Extractive || len(ans.Citations) == 0 {
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
	a := New(testkit.Library(t), nil, nil)
	ans, err := a.Ask(context.Background(), "How many new berths does the harbour plan add?", bot.AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := ans.Citations[0]
	want := bot.Citation{
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
	a := New(testkit.Library(t), nil, nil)
	for _, q := range []string{
		"What is the boiling point of tungsten on Mars?",
		"Who won the chess olympiad?",
	} {
		t.Run(q, func(t *testing.T) {
			ans, err := a.Ask(context.Background(), q, bot.AskOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Mode != bot.NoAnswer || len(ans.Citations) != 0 || ans.Answer != bot.NoAnswerText {
				t.Errorf("mode %q, answer %q, %d citations; want %q with none", ans.Mode, ans.Answer, len(ans.Citations), bot.NoAnswer)
			}
		})
	}
}

func TestAskFollowUp(t *testing.T) {
	a := New(testkit.Library(t), nil, nil)
	ans, err := a.Ask(context.Background(), "and in 2025?", bot.AskOptions{Previous: "How much support did allies provide Ukraine in 2024?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != bot.Extractive || !strings.Contains(ans.Answer, "€35 billion") {
		t.Errorf("follow-up answer = %q (%s); want the €35 billion sentence", ans.Answer, ans.Mode)
	}
}

// TestAskFollowUpOfQuestionWords: a follow-up made only of question words
// ("and when?") is asked about the thread's question, and asks for what its
// own words ask: a date.
func TestAskFollowUpOfQuestionWords(t *testing.T) {
	a := New(testkit.Library(t), nil, nil)
	ans, err := a.Ask(context.Background(), "and when?", bot.AskOptions{Previous: "Who won the Lakeside marathon?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != bot.Extractive || !strings.Contains(ans.Answer, "on Sunday") {
		t.Errorf("follow-up answer = %q (%s); want the sentence with \"on Sunday\"", ans.Answer, ans.Mode)
	}
}

// TestAskNothingToSearch: a question with no word to search for is the
// asker's mistake, said so, not "I couldn't find this in the articles".
func TestAskNothingToSearch(t *testing.T) {
	a := New(testkit.Library(t), nil, nil)
	for _, c := range []struct{ q, previous string }{
		{"???", ""},
		{"What is it?", ""},
		{"Who is he?", ""},
		{"these", ""},
		{"🤔", "Who won the Lakeside marathon?"},
	} {
		ans, err := a.Ask(context.Background(), c.q, bot.AskOptions{Previous: c.previous})
		if !errors.Is(err, bot.ErrNothingToSearch) || !errors.Is(err, bot.ErrEmptyQuestion) {
			t.Errorf("Ask(%q) = %q (%s), error %v; want bot.ErrNothingToSearch, which matches bot.ErrEmptyQuestion", c.q, ans.Answer, ans.Mode, err)
		}
	}
}

func TestAskLatest(t *testing.T) {
	a := New(testkit.Library(t), nil, nil)
	ans, err := a.Ask(context.Background(), "What is the latest energy price cap for a typical household?", bot.AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Citations) == 0 || ans.Citations[0].ArticleID != "energy-prices-update" || ans.Citations[0].Published != "2025-10-02" {
		t.Errorf("citations = %+v; want the October update first, dated", ans.Citations)
	}
}

func TestAskRejects(t *testing.T) {
	a := New(testkit.Library(t), nil, nil)
	cases := []struct {
		q    string
		want error
	}{
		{"", bot.ErrEmptyQuestion},
		{" \t\n", bot.ErrEmptyQuestion},
		{strings.Repeat("é", bot.MaxQuestion+1), bot.ErrQuestionTooLong},
	}
	for _, c := range cases {
		if _, err := a.Ask(context.Background(), c.q, bot.AskOptions{}); !errors.Is(err, c.want) {
			t.Errorf("Ask(%.20q) error = %v; want %v", c.q, err, c.want)
		}
	}
	// Any Unicode text is a question.
	if _, err := a.Ask(context.Background(), "Что случилось с НАТО? 北约 🤔", bot.AskOptions{}); err != nil {
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
	a := New(staleLibrary{testkit.Library(t)}, nil, nil)
	ans, err := a.Ask(context.Background(), "How much support did allies provide Ukraine in 2024?", bot.AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != bot.NoAnswer || len(ans.Citations) != 0 {
		t.Errorf("mode %q with citations %+v; want no answer when no quote verifies", ans.Mode, ans.Citations)
	}
}
