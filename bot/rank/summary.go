package rank

import (
	"context"

	"newsdesk/corpus"
)

// summaryWeight discounts a passage from an article's own summary ("Story
// Highlights"): it restates the body in fewer words, so BM25 favours it,
// but the body passage it summarizes holds the detail worth quoting.
const summaryWeight = 0.4

// SummaryDiscount discounts the passages of an article's own summary.
type SummaryDiscount struct{}

// Rank multiplies the Score of each passage under a summary heading by
// summaryWeight.
func (SummaryDiscount) Rank(_ context.Context, _ *Query, cands []Candidate) error {
	for i := range cands {
		if corpus.IsSummaryHeading(cands[i].Hit.Passage.Section) {
			cands[i].Score *= summaryWeight
		}
	}
	return nil
}
