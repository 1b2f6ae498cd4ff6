// Package rank orders the passages retrieved for a question. The ranking is
// a Pipeline of Stages run in turn over the same candidates: each stage
// re-scores them or reorders them. Default is the ranking the bot answers
// with, and the one eval and the model-fitting tests measure.
//
//	q, known := rank.Weigh(terms, idf) // a question's terms and their weights
//	q.Question, q.Expect, q.Analyze = question, expectation, ix.Terms
//	cands := rank.Candidates(hits)
//	err := rank.Default().Rank(ctx, &q, cands) // cands[0] is the best passage
//
// A new stage is one new file: a type with a Rank method, added to Default
// where it belongs (a stage that re-scores goes before ByScore, one that
// reorders after it).
package rank
