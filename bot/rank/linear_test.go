package rank

import "testing"

// TestModelsFitTheirFeatures: each model has one weight per feature, so a
// feature added without refitting fails here rather than in an answer.
func TestModelsFitTheirFeatures(t *testing.T) {
	if len(leadWeights) != leadFeatures {
		t.Errorf("leadWeights has %d weights for %d features; refit with TestFitLeadWeights", len(leadWeights), leadFeatures)
	}
	if len(quoteWeights) != quoteFeatures {
		t.Errorf("quoteWeights has %d weights for %d features; refit with TestFitQuoteWeights", len(quoteWeights), quoteFeatures)
	}
}

func TestLinearArgmax(t *testing.T) {
	w := Linear{1, -1}
	cases := []struct {
		name  string
		feats [][]float64
		want  int
	}{
		{"none", nil, -1},
		{"one", [][]float64{{0, 0}}, 0},
		{"highest score", [][]float64{{1, 1}, {2, 0}, {0, 2}}, 1},
		{"the first of a tie", [][]float64{{1, 0}, {2, 1}}, 0},
	}
	for _, c := range cases {
		if got := w.Argmax(c.feats); got != c.want {
			t.Errorf("%s: Argmax = %d; want %d", c.name, got, c.want)
		}
	}
}
