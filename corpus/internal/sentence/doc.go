// Package sentence holds the two character tests of where a sentence
// starts and ends. The sentence splitter (corpus/split) and the plain-text
// parser's line joining (corpus) both need them, and split imports corpus,
// so they live below both.
//
//	if sentence.Terminator(last) && sentence.Starts(next) {
//		// a sentence boundary
//	}
package sentence
