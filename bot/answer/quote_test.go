package answer

import (
	"context"
	"testing"

	"newsdesk/bot/rank"
	"newsdesk/corpus"
	"newsdesk/index"
)

// TestQuote: the quote model prefers the sentence holding the question's
// words the article's title lacks, the detail asked about, over one that
// restates the title; and when the chosen sentence restates the question
// without what it asks for, the later sentence that has it is added (or,
// when none later has it, the nearest one before).
func TestQuote(t *testing.T) {
	intel := []string{"intel", "silicon", "laser"} // the question's terms in the article's title
	cases := []struct {
		name, question, passage string
		title                   []string
		want                    string
	}{
		{
			"the detail, though the headline's sentence holds as much",
			"What expensive material could Intel's silicon laser replace?",
			"The work was published on Monday. Intel built a silicon laser. It took five years. It could replace an expensive material.",
			intel, "It could replace an expensive material.",
		},
		{
			"the detail, against the passage's first sentence holding more",
			"What expensive material could Intel's silicon laser replace in telecoms gear?",
			"Intel says its silicon laser is made of a cheap material. The research is published in Nature. Telecoms gear that amplifies light uses gallium arsenide, which is expensive.",
			intel, "Telecoms gear that amplifies light uses gallium arsenide, which is expensive.",
		},
		{
			"no detail anywhere: the sentence holding more of the question",
			"What is Intel's silicon laser made of?",
			"Intel says its silicon laser is made of a cheap material. The research is published in Nature. Telecoms gear uses gallium arsenide.",
			intel, "Intel says its silicon laser is made of a cheap material.",
		},
		{
			"no word of the question anywhere: the first sentence",
			"What expensive material could Intel's silicon laser replace?",
			"The work was published on Monday. It took five years.",
			intel, "The work was published on Monday.",
		},
		{
			"the name asked for, added after the sentence restating the question",
			"Who is the lawyer asking for the doping charges against Kenteris to be dropped?",
			"Kostas Kenteris' lawyer has called for the doping charges against the Greek sprinter to be dropped. The hearing is next week. Gregory Ioannidis said the case had no basis.",
			nil, "Kostas Kenteris' lawyer has called for the doping charges against the Greek sprinter to be dropped. … Gregory Ioannidis said the case had no basis.",
		},
		{
			"the amount asked for, in the next sentence",
			"What is the international Booker worth?",
			"Three authors made the shortlist for the inaugural international Booker Prize. The new £60,000 award is open to writers of all nationalities.",
			nil, "Three authors made the shortlist for the inaugural international Booker Prize. The new £60,000 award is open to writers of all nationalities.",
		},
		{
			"the count asked for, in the sentence before, with a number the extraction leaves out",
			"How many entertainment companies brought the lawsuit against Grokster?",
			"The lawsuit, brought by 28 of the world's largest entertainment firms, has raged for years. Legal experts agree it matters. But if the judge rules for Grokster and the other file-sharing companies, the lawsuit fails.",
			nil, "The lawsuit, brought by 28 of the world's largest entertainment firms, has raged for years. … But if the judge rules for Grokster and the other file-sharing companies, the lawsuit fails.",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := quoteOf(t, c.question, c.passage, c.title); got != c.want {
				t.Errorf("quote = %q; want %q", got, c.want)
			}
		})
	}
}

// quoteOf is what Answerer.quote quotes from passage for question, every
// word of the question weighing the same. title holds the question's terms
// in the article's title.
func quoteOf(t *testing.T, question, passage string, title []string) string {
	t.Helper()
	a := New(textLibrary{text: "Title\n\n" + passage}, nil, nil)
	qterms := uniq(terms(SearchText(question)))
	w := map[string]float64{}
	for _, term := range qterms {
		w[term] = 1
	}
	q, _ := rank.Weigh(qterms, w)
	e := expect(question, terms)
	q.Question, q.Expect, q.Analyze = question, e, terms
	h := index.Hit{Passage: corpus.Passage{ArticleID: "a", Text: passage}, TitleTerms: title}
	got, _, ok, err := a.quote(context.Background(), h, &q, e)
	if err != nil || !ok {
		t.Fatalf("quote: %v, %v", ok, err)
	}
	return got
}
