package bot

import (
	"context"
	"slices"
	"strings"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index"
)

func TestExpect(t *testing.T) {
	counts := []corpus.Kind{corpus.Count, corpus.Quantity}
	cases := []struct {
		q       string
		kinds   []corpus.Kind
		counted []string
		name    bool
	}{
		{"How much money did NATO allies give Ukraine in 2024?", []corpus.Kind{corpus.Money, corpus.Quantity, corpus.Percent}, nil, false},
		{"What share of the support came from Europe?", []corpus.Kind{corpus.Percent}, nil, false},
		{"How many runners started the marathon?", counts, []string{"runner", "start"}, false},
		{"How many mobile phones are retired in the UK every year?", counts, []string{"mobil", "phone"}, false},
		{"How many films compete for the Golden Bear?", counts, []string{"film", "compet"}, false},
		{"So how many of them were there?", counts, nil, false},
		{"When does construction start?", []corpus.Kind{corpus.Date, corpus.Year}, nil, false},
		{"What is the international Booker worth?", []corpus.Kind{corpus.Money}, nil, false},
		{"Who won the Lakeside marathon?", nil, nil, true},
		{"Which consultancy ran the survey?", nil, nil, true},
		{"Who pays for the libraries staying open late?", []corpus.Kind{corpus.Money}, nil, true},
		{"Why was the embargo imposed?", nil, nil, false},
		{"Which rare brain disease was linked to the drug?", nil, nil, true},
		{"In which city is the musical staged?", nil, nil, true},
		{"Which year did the strike start?", []corpus.Kind{corpus.Year, corpus.Date}, nil, false},
	}
	for _, c := range cases {
		e := expect(c.q)
		if !slices.Equal(e.kinds, c.kinds) || !slices.Equal(e.counted, c.counted) || e.name != c.name {
			t.Errorf("expect(%q) = %v counting %q, name %v; want %v counting %q, name %v", c.q, e.kinds, e.counted, e.name, c.kinds, c.counted, c.name)
		}
	}
}

func TestSentenceFits(t *testing.T) {
	cases := []struct {
		q, sentence string
		want        bool
	}{
		{"How much is the prize worth?", "The new £60,000 award is open to writers of all nationalities.", true},
		{"How much is the prize worth?", "Doris Lessing and Ian McEwan have also been nominated.", false},
		{"Who confirmed that Zelenskyy would drop the NATO request?", "Ukrainian President Volodymyr Zelenskyy has signaled willingness to withdraw.", false},
		{"Who confirmed that Zelenskyy would drop the NATO request?", "Former U.S. Ambassador to Ukraine William Taylor confirmed this tactical shift.", true},
		{"Who is the lawyer for Kenteris?", "Kostas Kenteris' lawyer has called for the Greek charges to be dropped.", false},
		{"Who is the lawyer for Kenteris?", "Gregory Ioannidis said the case had no basis.", true},
		{"Who won?", "The race was held on Monday in March.", false},
		{"How many drivers were due to strike?", "Some 9,000 train drivers had voted for the walkout.", true},
		{"How many drivers were due to strike?", "The strike would have closed 40 stations.", false},
		{"How many miles is the route?", "The route is 26.2 miles long.", true},
	}
	for _, c := range cases {
		if got := expect(c.q).sentenceFits(c.sentence); got != c.want {
			t.Errorf("expect(%q).sentenceFits(%q) = %v; want %v", c.q, c.sentence, got, c.want)
		}
	}
}

// textLibrary serves one article's text, for testing quote on its own.
type textLibrary struct {
	Library
	text string
}

func (l textLibrary) ArticleText(context.Context, string) (string, error) { return l.text, nil }

// TestQuoteAddsTheAnswerAfterTheLede: the sentence that matches the question
// best restates it; the quote adds the later sentence that holds the answer.
func TestQuoteAddsTheAnswerAfterTheLede(t *testing.T) {
	cases := []struct {
		question, passage, want string
	}{
		{
			"Who is the lawyer asking for the doping charges against Kenteris to be dropped?",
			"Kostas Kenteris' lawyer has called for the doping charges against the Greek sprinter to be dropped. The hearing is next week. Gregory Ioannidis said the case had no basis.",
			"Kostas Kenteris' lawyer has called for the doping charges against the Greek sprinter to be dropped. … Gregory Ioannidis said the case had no basis.",
		},
		{
			"What is the international Booker worth?",
			"Three authors made the shortlist for the inaugural international Booker Prize. The new £60,000 award is open to writers of all nationalities.",
			"Three authors made the shortlist for the inaugural international Booker Prize. The new £60,000 award is open to writers of all nationalities.",
		},
	}
	for _, c := range cases {
		t.Run(c.question, func(t *testing.T) {
			a := NewAnswerer(textLibrary{text: "Title\n\n" + c.passage}, nil, nil)
			terms := uniq(index.Terms(buildQuery(c.question)))
			w := map[string]float64{}
			for _, term := range terms {
				w[term] = 1
			}
			q, _ := weigh(terms, w)
			q.expect = expect(c.question)
			got, ok, err := a.quote(context.Background(), index.Hit{Passage: corpus.Passage{ArticleID: "a", Text: c.passage}}, q)
			if err != nil || !ok || got != c.want {
				t.Errorf("quote = %q, %v, %v; want %q", got, ok, err, c.want)
			}
		})
	}
}

// TestPromoteFits: within an article, the passage holding the figure asked
// for goes ahead of the lede that restates the question without it.
func TestPromoteFits(t *testing.T) {
	pass := func(id string, coverage float64, figs ...corpus.Figure) candidate {
		article, _, _ := strings.Cut(id, "#")
		return candidate{hit: index.Hit{Passage: corpus.Passage{ID: id, ArticleID: article}, Figures: figs}, coverage: coverage}
	}
	money := corpus.Figure{Kind: corpus.Money, Value: 2.2e6, Unit: "GBP"}
	cases := []struct {
		question string
		cands    []candidate
		want     string // passage IDs in order
	}{
		{"How much did Birmingham pay for him?", []candidate{pass("a#1", 0.8), pass("b#1", 0.6), pass("a#2", 0.5, money)}, "a#2 a#1 b#1"},
		{"How much did Birmingham pay for him?", []candidate{pass("a#1", 0.8), pass("b#1", 0.6), pass("a#2", 0.3, money)}, "a#1 b#1 a#2"}, // covers too little
		{"How much did Birmingham pay for him?", []candidate{pass("a#1", 0.8, money), pass("a#2", 0.5, money)}, "a#1 a#2"},
		{"How much did Birmingham pay for him?", []candidate{pass("a#1", 0.8), pass("b#1", 0.5, money)}, "a#1 b#1"}, // another article
		{"Who did Birmingham sign?", []candidate{pass("a#1", 0.8), pass("a#2", 0.5, money)}, "a#1 a#2"},
	}
	for _, c := range cases {
		promoteFits(c.cands, expect(c.question))
		var got []string
		for _, cd := range c.cands {
			got = append(got, cd.hit.Passage.ID)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q: order %v; want %s", c.question, got, c.want)
		}
	}
}
