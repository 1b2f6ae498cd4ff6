package rank

import (
	"context"
	"math"
)

// MinCoverage is the share of the question's search terms the best passage
// must contain to be presented as the answer; below it the passages are
// shown as related instead.
const MinCoverage = 0.4

// Coverage scores each candidate by its BM25 score re-weighted by how much
// of the question it covers. A passage that holds more of the question's
// words is the better answer even when BM25 prefers a shorter passage that
// repeats one rare word.
type Coverage struct{}

// Rank sets each candidate's Coverage, and its Score from the index's.
func (Coverage) Rank(_ context.Context, q *Query, cands []Candidate) error {
	for i := range cands {
		c := &cands[i]
		c.Coverage = q.Coverage(c.Hit.Terms, c.Hit.TitleTerms)
		// The fourth power makes coverage outweigh BM25's preference for short
		// passages: on SciFact's train split it lifted nDCG@10 from 0.669
		// (square) to 0.687 (see the eval results in the README).
		c.Score = c.Hit.Score * math.Pow(0.1+c.Coverage, 4)
	}
	return nil
}
