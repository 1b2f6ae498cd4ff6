package rank

import (
	"context"
	"sort"
)

// ByScore orders the candidates by Score, highest first; equal scores keep
// their order (the index's).
type ByScore struct{}

// Rank sorts cands by Score.
func (ByScore) Rank(_ context.Context, _ *Query, cands []Candidate) error {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Score > cands[j].Score })
	return nil
}
