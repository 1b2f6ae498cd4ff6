package rank

import (
	"context"
	"math"
	"slices"

	"newsdesk/corpus/split"
)

// A news story's lede restates it in the question's words, so BM25 and
// coverage put it first even when the answer sits three paragraphs down.
// Which of an article's passages answers is decided by a small linear model
// over the signals below, fitted on the BBC question sets (see
// TestFitLeadWeights in fit_test.go, and the README): the passage holds the
// question's words the lede lacks, one of its sentences holds much of the
// question, and that sentence holds the kind of thing asked for.

// The lead model's features, as indexes into its feature vector. Shares
// are of the question's weight, numbers counting three times as in
// SentenceScore, so a share can exceed 1.
const (
	leadScore       = iota // log of the passage's BM25 score
	leadCoverage           // log(0.1 + coverage), as Coverage uses it
	leadFits               // 1 when it holds what is asked for (see Expectation.PassagesFit)
	leadBeyondLede         // share of the question it holds and the article's lede lacks
	leadSentence           // the best sentence's share of the question
	leadFitSentence        // the same, among sentences holding what is asked for
	leadFeatures
)

// leadWeights were fitted by TestFitLeadWeights on the 273 questions of
// seven BBC sets (listwise logistic regression over each answering
// article's passages). Fitted with each set left out in turn, the model
// raised hit@1 on the set left out from 223 to 232 of the 273 in all; see
// the README.
var leadWeights = Linear{0.428, 2.69, 2.24, 7.31, 1.09, 2.64}

// Lead chooses which passage of the answer's article comes first, by the
// lead model. It runs last.
type Lead struct{}

// Rank moves to the top of the article the answer will come from (see
// leadOptions) the passage of it the lead model scores best; the passages
// it passes move down one place. Only that article's passage is chosen: it
// is the choice the model was fitted on, and scoring a passage means
// reading each of its sentences.
func (Lead) Rank(_ context.Context, q *Query, cands []Candidate) error {
	eligible, lede := leadOptions(cands)
	if len(eligible) < 2 {
		return nil
	}
	feats := make([][]float64, len(eligible))
	for k, j := range eligible {
		feats[k] = leadInput(cands[j], q, lede)
	}
	first, best := eligible[0], eligible[leadWeights.Argmax(feats)]
	c := cands[best]
	copy(cands[first+1:best+1], cands[first:best])
	cands[first] = c
	return nil
}

// ledeTerms are the question's terms in an article's first passage; found
// is false when that passage was not retrieved, and then nothing is known
// about what the lede lacks.
type ledeTerms struct {
	terms []string
	found bool
}

// leadOptions returns the indexes of the passages the lead model chooses
// among, in order: those of the article of the first passage covering at
// least MinCoverage of the question (the one Ask would answer from) that
// cover that much too. It also returns the terms of that article's lede.
func leadOptions(cands []Candidate) (eligible []int, lede ledeTerms) {
	first := slices.IndexFunc(cands, func(c Candidate) bool { return c.Coverage >= MinCoverage })
	if first < 0 {
		return nil, lede
	}
	id := cands[first].Hit.Passage.ArticleID
	for j, c := range cands {
		if c.Hit.Passage.ArticleID != id {
			continue
		}
		if c.Hit.Passage.N == 1 {
			lede = ledeTerms{terms: c.Hit.Terms, found: true}
		}
		if c.Coverage >= MinCoverage { // none before first does
			eligible = append(eligible, j)
		}
	}
	return eligible, lede
}

// leadInput computes the lead model's features of c.
func leadInput(c Candidate, q *Query, lede ledeTerms) []float64 {
	all := q.Total()
	f := make([]float64, leadFeatures)
	score := c.Hit.Score
	if !(score > 1e-9) { // also NaN, which would stick in argmax
		score = 1e-9
	}
	f[leadScore] = math.Log(score)
	f[leadCoverage] = math.Log(0.1 + c.Coverage)
	if c.Fits {
		f[leadFits] = 1
	}
	if lede.found {
		f[leadBeyondLede] = q.ShareBeyond(c.Hit.Terms, lede.terms)
	}
	sents := split.Sentences(c.Hit.Passage.Text)
	fits := q.Expect.SentencesFit(sents)
	for j, s := range sents {
		share := q.SentenceScore(s, false) / all
		f[leadSentence] = max(f[leadSentence], share)
		if fits[j] {
			f[leadFitSentence] = max(f[leadFitSentence], share)
		}
	}
	return f
}
