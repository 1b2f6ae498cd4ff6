// Package figurestest makes figure-dense news text for the tests and
// benchmarks of the figure extractor and of what indexes its figures: a
// file of such text is the worst case for the memory figures take, and it
// is generated rather than kept in the repository.
//
//	text := figurestest.Dense(4 << 20) // about 4 MB, the same on every call
//	a, err := corpus.Parse("dense.txt", []byte(text))
package figurestest
