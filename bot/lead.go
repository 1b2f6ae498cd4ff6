package bot

import (
	"math"
	"slices"

	"newsdesk/corpus"
)

// A news story's lede restates it in the question's words, so BM25 and
// coverage put it first even when the answer sits three paragraphs down.
// Which of an article's passages answers is decided by a small linear model
// over the signals below, fitted on the BBC question sets (see
// TestFitLeadWeights in fit_test.go, and the README): the passage holds the question's
// words the lede lacks, one of its sentences holds much of the question,
// and that sentence holds the kind of thing asked for.

// The lead model's features, as indexes into its feature vector.
const (
	featScore       = iota // log of the passage's BM25 score
	featCoverage           // log(0.1 + coverage), as rank uses it
	featFits               // 1 when it holds what is asked for (see passageLevel)
	featBeyondLede         // share of the question's weight it holds and the article's lede lacks
	featSentence           // the best sentence's share of the question's weight
	featFitSentence        // the same, among sentences holding what is asked for
	leadFeatures
)

// leadWeights were fitted by TestFitLeadWeights on the 273 questions of
// seven BBC sets (listwise logistic regression over each answering
// article's passages). Fitted with each set left out in turn, the model
// raised hit@1 on the set left out from 223 to 232 of the 273 in all; see
// the README.
var leadWeights = linear{0.428, 2.69, 2.24, 7.31, 1.09, 2.64}

// chooseLead puts first, among the passages of the article the answer
// will come from (see leadOptions), the one the lead model scores best.
// Only that article is reordered: it is the choice the model was fitted
// on, and scoring a passage means reading each of its sentences.
func chooseLead(cands []candidate, q questionTerms) {
	eligible, lede := leadOptions(cands)
	if len(eligible) < 2 {
		return
	}
	feats := make([][]float64, len(eligible))
	for k, j := range eligible {
		feats[k] = leadInput(cands[j], q, lede)
	}
	first, best := eligible[0], eligible[leadWeights.argmax(feats)]
	c := cands[best]
	copy(cands[first+1:best+1], cands[first:best])
	cands[first] = c
}

// leadOptions returns the indexes of the passages the lead model chooses
// among: those of the article of the first passage covering at least
// minCoverage of the question (the one Ask would answer from), covering
// that much too, in order. lede holds the terms of that article's first
// passage, nil when it was not retrieved.
func leadOptions(cands []candidate) (eligible []int, lede []string) {
	first := slices.IndexFunc(cands, func(c candidate) bool { return c.coverage >= minCoverage })
	if first < 0 {
		return nil, nil
	}
	id := cands[first].hit.Passage.ArticleID
	for j, c := range cands {
		if c.hit.Passage.ArticleID != id {
			continue
		}
		if c.hit.Passage.N == 1 {
			lede = append([]string{}, c.hit.Terms...) // non-nil: the lede was retrieved
		}
		if j >= first && c.coverage >= minCoverage {
			eligible = append(eligible, j)
		}
	}
	return eligible, lede
}

// leadInput computes the lead model's features of c. lede holds the terms
// of its article's first passage, nil when that was not retrieved.
func leadInput(c candidate, q questionTerms, lede []string) []float64 {
	all := q.total()
	f := make([]float64, leadFeatures)
	f[featScore] = math.Log(max(c.hit.Score, 1e-9))
	f[featCoverage] = math.Log(0.1 + c.coverage)
	if c.fits {
		f[featFits] = 1
	}
	if lede != nil {
		for _, t := range q.terms {
			if q.has(c.hit.Terms, t) && !q.has(lede, t) {
				f[featBeyondLede] += q.weight[t] / all
			}
		}
	}
	sents := corpus.Sentences(c.hit.Passage.Text)
	fits := q.expect.sentencesFit(sents)
	for j, s := range sents {
		share := q.sentenceScore(s, false) / all
		f[featSentence] = max(f[featSentence], share)
		if fits[j] {
			f[featFitSentence] = max(f[featFitSentence], share)
		}
	}
	return f
}
