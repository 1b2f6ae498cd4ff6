package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

var (
	analyzerOnce sync.Once
	analyzer     analysis.Analyzer
)

// Terms returns the search terms of text as the index sees them: English
// tokens, lower-cased, stop words dropped, stemmed. Callers compare them with
// Hit.Terms to see which words of a question a passage or sentence contains.
func Terms(text string) []string {
	analyzerOnce.Do(func() {
		a, err := registry.NewCache().AnalyzerNamed(analyzerName)
		if err != nil {
			panic("index: english analyzer is not registered: " + err.Error()) // a build problem, not an input one
		}
		analyzer = a
	})
	toks := analyzer.Analyze([]byte(text))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		out = append(out, string(t.Term))
	}
	return out
}

// Terms returns the search terms of text as the index sees them (see the
// package function Terms).
func (ix *Index) Terms(text string) []string { return Terms(text) }
