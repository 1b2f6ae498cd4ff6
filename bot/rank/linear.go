package rank

// Linear is a fitted linear model: it scores a feature vector by the dot
// product with its weights. The lead and quote models are fitted by the
// TestFit… tests in fit_test.go, which say how to run them.
type Linear []float64

// Score is the dot product of w and f, which has at least len(w) features.
func (w Linear) Score(f []float64) float64 {
	var s float64
	for i := range w {
		s += w[i] * f[i]
	}
	return s
}

// Argmax returns the index of the vector w scores highest, the first one
// on ties, or -1 when there is none.
func (w Linear) Argmax(fs [][]float64) int {
	best := -1
	var top float64
	for i, f := range fs {
		if s := w.Score(f); best < 0 || s > top {
			best, top = i, s
		}
	}
	return best
}
