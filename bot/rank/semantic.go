package rank

import (
	"context"
	"math"
)

// semanticWeight is how strongly the question's similarity to a passage
// (the cosine of their embedding vectors) scales its score: by
// e^(semanticWeight × similarity), so a passage 0.05 more similar than
// another counts e^2 ≈ 7 times as much. Similarities of one model's
// vectors sit in a narrow band (e5-small-v2: 0.75–0.90 for passages on the
// question's topic), which is why the weight is large. Fitted on the BBC
// sets the lead model was fitted on (see docs/quality.md).
const semanticWeight = 40

// Semantic scales each passage's score by how similar it is in meaning to
// the question. It does nothing when retrieval was lexical (Query.Semantic
// false), so answers without a model rank as before.
type Semantic struct{}

// Rank multiplies each candidate's Score by e^(semanticWeight × its
// Hit.Similarity), relative to the most similar candidate.
func (Semantic) Rank(_ context.Context, q *Query, cands []Candidate) error {
	if !q.Semantic || len(cands) == 0 {
		return nil
	}
	top := cands[0].Hit.Similarity
	for _, c := range cands {
		top = max(top, c.Hit.Similarity)
	}
	for i := range cands {
		cands[i].Score *= math.Exp(semanticWeight * (cands[i].Hit.Similarity - top))
	}
	return nil
}
