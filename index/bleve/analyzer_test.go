package bleve

import (
	"fmt"
	"slices"
	"testing"
)

func ExampleAnalyzer_Terms() {
	an := NewAnalyzer()
	fmt.Println(an.Terms("Allies' support rose by 3.5% in 2024"))
	// Output: [alli support rose 3.5 2024]
}

// TestIndexTermsMatchAnalyzer: an open index analyzes text as a
// stand-alone Analyzer does, so terms from either compare with Hit.Terms.
func TestIndexTermsMatchAnalyzer(t *testing.T) {
	ix := open(t, t.TempDir())
	defer ix.Close()
	an := NewAnalyzer()
	for _, text := range append(slices.Clone(tokenizerCases), "Running runners ran; the runner's runs.") {
		if got, want := ix.Terms(text), an.Terms(text); !slices.Equal(got, want) {
			t.Errorf("ix.Terms(%q) = %q; want %q", text, got, want)
		}
	}
}
