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
	title := []string{"intel", "silicon", "laser"} // the question's terms in the article's title
	cases := []struct {
		name, question, passage, want string
	}{
		{
			"the detail, though the headline's sentence holds as much",
			"What expensive material could Intel's silicon laser replace?",
			"The work was published on Monday. Intel built a silicon laser. It took five years. It could replace an expensive material.",
			"It could replace an expensive material.",
		},
		{
			"the detail, against the passage's first sentence holding more",
			"What expensive material could Intel's silicon laser replace in telecoms gear?",
			"Intel says its silicon laser is made of a cheap material. The research is published in Nature. Telecoms gear that amplifies light uses gallium arsenide, which is expensive.",
			"Telecoms gear that amplifies light uses gallium arsenide, which is expensive.",
		},
		{
			"no detail anywhere: the sentence holding more of the question",
			"What is Intel's silicon laser made of?",
			"Intel says its silicon laser is made of a cheap material. The research is published in Nature. Telecoms gear uses gallium arsenide.",
			"Intel says its silicon laser is made of a cheap material.",
		},
		{
			"no word of the question anywhere: the first sentence",
			"What expensive material could Intel's silicon laser replace?",
			"The work was published on Monday. It took five years.",
			"The work was published on Monday.",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := NewAnswerer(textLibrary{text: "Title\n\n" + c.passage}, nil, nil)
			terms := uniq(index.Terms(buildQuery(c.question)))
			w := map[string]float64{}
			for _, term := range terms {
				w[term] = 1
			}
			q, _ := weigh(terms, w)
			q.expect = expect(c.question)
			h := index.Hit{Passage: corpus.Passage{ArticleID: "a", Text: c.passage}, TitleTerms: title}
			got, ok, err := a.quote(context.Background(), h, q)
			if err != nil || !ok || got != c.want {
				t.Errorf("quote = %q, %v, %v; want %q", got, ok, err, c.want)
			}
		})
	}
}

// TestModelsFitTheirFeatures: each model has one weight per feature, so a
// feature added without refitting fails here rather than in an answer.
func TestModelsFitTheirFeatures(t *testing.T) {
	if len(leadWeights) != leadFeatures {
		t.Errorf("leadWeights has %d weights for %d features; refit with TestFitLeadWeights", len(leadWeights), leadFeatures)
	}
	if len(quoteWeights) != quoteFeatures {
		t.Errorf("quoteWeights has %d weights for %d features; refit with TestFitQuoteWeights", len(quoteWeights), quoteFeatures)
	}
}

func TestLinearArgmax(t *testing.T) {
	w := linear{1, -1}
	cases := []struct {
		name  string
		feats [][]float64
		want  int
	}{
		{"none", nil, -1},
		{"one", [][]float64{{0, 0}}, 0},
		{"highest score", [][]float64{{1, 1}, {2, 0}, {0, 2}}, 1},
		{"the first of a tie", [][]float64{{1, 0}, {2, 1}}, 0},
	}
	for _, c := range cases {
		if got := w.argmax(c.feats); got != c.want {
			t.Errorf("%s: argmax = %d; want %d", c.name, got, c.want)
		}
	}
}
