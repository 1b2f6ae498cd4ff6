// Package naive is the baseline newsdesk's speed is measured against: a
// bleve index as a first attempt would build it, with the default mapping,
// one document per paragraph (title and body), batches of 1,000, and a match
// query on the question. It answers nothing; benchmarks and the bench
// command time it beside newsdesk.
//
//	ix, err := naive.Build(ctx, dir, articles)
//	n, err := ix.Search(ctx, "How much did profits rise?", 10)
package naive
