package bleve

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analyzer turns text into search terms the way the index analyzes its
// passages: English tokens, lower-cased, stop words dropped, stemmed. It
// remembers the stems it has computed, so keep one and reuse it. It is safe
// for concurrent use.
type Analyzer struct {
	a analysis.Analyzer
}

// NewAnalyzer returns an analyzer for code that analyzes text without an
// open index (an open *Index has its own: use its Terms method). It
// panics only when the analyzer is not registered, which is a build
// problem, not an input one.
func NewAnalyzer() *Analyzer {
	a, err := registry.NewCache().AnalyzerNamed(analyzerName)
	if err != nil {
		panic("index/bleve: english analyzer is not registered: " + err.Error())
	}
	return &Analyzer{a: a}
}

// Terms returns the search terms of text as the index sees them. Callers
// compare them with index.Hit.Terms to see which words of a question a
// passage or sentence contains.
func (an *Analyzer) Terms(text string) []string {
	toks := an.a.Analyze([]byte(text))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		out = append(out, string(t.Term))
	}
	return out
}

// Terms returns the search terms of text as this index analyzes them; see
// Analyzer.Terms.
func (ix *Index) Terms(text string) []string { return ix.analyzer.Terms(text) }
