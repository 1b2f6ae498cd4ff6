package rank

import "context"

// Stage is one step of the ranking. Rank may change the candidates' scores
// and fields and reorder cands in place; it reads the question from q. It
// returns an error only for a failure to rank (an outside scorer that did
// not answer), or ctx's error when ctx is done.
type Stage interface {
	Rank(ctx context.Context, q *Query, cands []Candidate) error
}

// Pipeline runs its stages in order. It is a Stage itself.
type Pipeline []Stage

// Rank runs each stage over cands in turn and returns the first error.
func (p Pipeline) Rank(ctx context.Context, q *Query, cands []Candidate) error {
	for _, s := range p {
		if err := s.Rank(ctx, q, cands); err != nil {
			return err
		}
	}
	return nil
}

// Default is the ranking of the answer path: score by coverage, favour
// passages holding what is asked for, discount summaries, favour passages
// close in meaning (when retrieval was hybrid), order by score,
// then by date for a question about the latest, and last let the lead
// model choose which passage of the answer's article comes first.
func Default() Pipeline {
	return Pipeline{Coverage{}, Fit{}, SummaryDiscount{}, Semantic{}, ByScore{}, Latest{}, Lead{}}
}
