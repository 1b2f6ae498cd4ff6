package rank

import "newsdesk/index"

// Candidate is a retrieved passage being ranked.
type Candidate struct {
	Hit      index.Hit
	Coverage float64 // weighted share of the question's terms the passage contains (Coverage)
	Fits     bool    // it holds the kind of thing asked for (Fit)
	Score    float64 // BM25 re-weighted by the scoring stages; ByScore orders by it
}

// Candidates returns the hits as candidates to rank, in the order given,
// scored as the index scored them.
func Candidates(hits []index.Hit) []Candidate {
	cands := make([]Candidate, len(hits))
	for i, h := range hits {
		cands[i] = Candidate{Hit: h, Score: h.Score}
	}
	return cands
}
