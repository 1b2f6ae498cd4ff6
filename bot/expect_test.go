package bot

import (
	"context"
	"slices"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index"
)

func TestExpect(t *testing.T) {
	cases := []struct {
		q     string
		kinds []corpus.Kind
		name  bool
	}{
		{"How much money did NATO allies give Ukraine in 2024?", []corpus.Kind{corpus.Money, corpus.Quantity, corpus.Percent}, false},
		{"What share of the support came from Europe?", []corpus.Kind{corpus.Percent}, false},
		{"How many runners started the marathon?", []corpus.Kind{corpus.Count, corpus.Quantity}, false},
		{"When does construction start?", []corpus.Kind{corpus.Date, corpus.Year}, false},
		{"What is the international Booker worth?", []corpus.Kind{corpus.Money}, false},
		{"Who won the Lakeside marathon?", nil, true},
		{"Which consultancy ran the survey?", nil, true},
		{"Who pays for the libraries staying open late?", []corpus.Kind{corpus.Money}, true},
		{"Why was the embargo imposed?", nil, false},
	}
	for _, c := range cases {
		e := expect(c.q)
		if !slices.Equal(e.kinds, c.kinds) || e.name != c.name {
			t.Errorf("expect(%q) = %v, name %v; want %v, name %v", c.q, e.kinds, e.name, c.kinds, c.name)
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
