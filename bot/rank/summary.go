package rank

import (
	"context"
	"strings"
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
		if summarySection(cands[i].Hit.Passage.Section) {
			cands[i].Score *= summaryWeight
		}
	}
	return nil
}

// summarySection reports whether a section heading names a summary.
func summarySection(heading string) bool {
	h := strings.ToLower(heading)
	for _, w := range []string{"highlights", "key points", "at a glance", "summary", "in brief", "tl;dr"} {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}
