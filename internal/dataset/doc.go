// Package dataset finds the public data sets (BBC News, BEIR SciFact, SQuAD
// v1.1, the Recognizers-Text specs) that benchmarks and fitting tests read.
// They are not part of the repository: one environment variable, Env,
// names the folder that holds them, and a test or benchmark that needs one
// skips when it is unset, so a fresh clone passes.
//
//	func BenchmarkLoadBBC(b *testing.B) {
//		dir := dataset.Path(b, "bbc-news", "bbc")
//		…
//	}
package dataset
