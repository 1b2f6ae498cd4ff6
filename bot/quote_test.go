package bot

import (
	"context"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index"
)

// TestQuoteChoosesTheDetail: the quote model prefers the sentence holding
// the question's words the article's title lacks, the detail asked about,
// over one that restates the title.
func TestQuoteChoosesTheDetail(t *testing.T) {
	cases := []struct {
		question string
		title    []string // the question's terms in the article's title
		passage  string
		want     string
	}{
		{
			"What expensive material could Intel's silicon laser replace in telecoms gear?",
			[]string{"intel", "silicon", "laser"},
			"Intel says its silicon laser is made of a cheap material. The research is published in Nature. Telecoms gear that amplifies light uses gallium arsenide, which is expensive.",
			"Telecoms gear that amplifies light uses gallium arsenide, which is expensive.",
		},
		{ // nothing beyond the title: the sentence holding more of the question
			"What material is Intel's silicon laser made of?",
			[]string{"intel", "silicon", "laser"},
			"Intel says its silicon laser is made of a cheap material. The research is published in Nature. Telecoms gear uses gallium arsenide.",
			"Intel says its silicon laser is made of a cheap material.",
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
			h := index.Hit{Passage: corpus.Passage{ArticleID: "a", Text: c.passage}, TitleTerms: c.title}
			got, ok, err := a.quote(context.Background(), h, q)
			if err != nil || !ok || got != c.want {
				t.Errorf("quote = %q, %v, %v; want %q", got, ok, err, c.want)
			}
		})
	}
}
