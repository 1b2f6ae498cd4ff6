package rank

import "slices"

// The quote model's features of a passage's sentence, as indexes into its
// feature vector. Shares are of the question's weight.
const (
	quoteShare  = iota // the sentence's share of the question, numbers counting three times (SentenceScore)
	quoteFits          // 1 when it holds what is asked for (see Expectation.SentencesFit)
	quoteFirst         // 1 for the passage's first sentence
	quoteDetail        // its share of the question in words the article's title lacks
	quoteFeatures
)

// quoteWeights were fitted by TestFitQuoteWeights on SQuAD (listwise
// logistic regression over the sentences of each right passage), so the
// BBC question sets measure them unseen; see the README.
var quoteWeights = Linear{1.86, 1.44, -0.336, 3}

// quoteInput computes the quote model's features of the i-th sentence of a
// passage: st are its terms, title the question's terms in the article's
// title, fits whether it holds what is asked for.
func quoteInput(q *Query, st, title []string, fits bool, i int) []float64 {
	f := make([]float64, quoteFeatures)
	f[quoteShare] = q.TermsScore(st, false) / q.Total()
	if fits {
		f[quoteFits] = 1
	}
	if i == 0 {
		f[quoteFirst] = 1
	}
	f[quoteDetail] = q.ShareBeyond(st, title)
	return f
}

// QuoteSentence is the quote model's choice among the sentences of a
// passage: best is the index of the sentence that answers q best, 0 when
// none holds a word of the question (the passage is then quoted from its
// start). title are the question's terms in the article's title, fits
// whether each sentence holds what is asked for (Expectation.SentencesFit).
// scores are each sentence's SentenceScore, the measure before the model,
// which the caller uses to decide whether to quote a neighbour too.
func QuoteSentence(q *Query, sents, title []string, fits []bool) (best int, scores []float64) {
	if len(sents) == 0 {
		return 0, nil
	}
	scores = make([]float64, len(sents))
	feats := make([][]float64, len(sents))
	for i, s := range sents {
		st := q.Analyze(s)
		scores[i] = q.TermsScore(st, fits[i])
		feats[i] = quoteInput(q, st, title, fits[i], i)
	}
	if slices.Max(scores) > 0 {
		best = quoteWeights.Argmax(feats)
	}
	return best, scores
}
