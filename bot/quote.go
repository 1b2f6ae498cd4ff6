package bot

// The quote model's features of a passage's sentence, as indexes into its
// feature vector. Shares are of the question's weight.
const (
	quoteShare  = iota // the sentence's share of the question, numbers counting three times (sentenceScore)
	quoteFits          // 1 when it holds what is asked for (see sentencesFit)
	quoteFirst         // 1 for the passage's first sentence
	quoteDetail        // its share of the question in words the article's title lacks
	quoteFeatures
)

// quoteWeights were fitted by TestFitQuoteWeights on SQuAD (listwise
// logistic regression over the sentences of each right passage), so the
// BBC question sets measure them unseen; see the README.
var quoteWeights = linear{1.86, 1.44, -0.336, 3}

// quoteInput computes the quote model's features of the i-th sentence of a
// passage: st are its terms, title the question's terms in the article's
// title, fits whether it holds what is asked for.
func quoteInput(q questionTerms, st, title []string, fits bool, i int) []float64 {
	f := make([]float64, quoteFeatures)
	f[quoteShare] = q.termsScore(st, false) / q.total()
	if fits {
		f[quoteFits] = 1
	}
	if i == 0 {
		f[quoteFirst] = 1
	}
	f[quoteDetail] = q.shareBeyond(st, title)
	return f
}
