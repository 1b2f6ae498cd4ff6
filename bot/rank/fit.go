package rank

import (
	"context"

	"newsdesk/index"
)

// fitBoost favours passages holding the kind of figure the question asks
// for. On the BBC question set 1.5 lifted hit@1 from 56% to 58%, 2.5 and 4
// to 60%; 4 also gave the best nDCG.
const fitBoost = 4

// Fit marks the candidates that hold what the question asks for and, when
// that is a figure, favours them.
type Fit struct{}

// Rank sets each candidate's Fits and multiplies the Score of those that
// fit a figure question by fitBoost.
func (Fit) Rank(_ context.Context, q *Query, cands []Candidate) error {
	hits := make([]index.Hit, len(cands))
	for i, c := range cands {
		hits[i] = c.Hit
	}
	fits := q.Expect.PassagesFit(hits)
	for i := range cands {
		cands[i].Fits = fits[i]
		// A name fits most passages, so it says little about which article
		// answers; it only reorders an article's passages (Lead).
		if fits[i] && q.Expect.AsksFigure() {
			cands[i].Score *= fitBoost
		}
	}
	return nil
}
