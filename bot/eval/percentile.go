package eval

import (
	"math"
	"slices"
)

// mean is the mean of xs, 0 for none.
func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var sum float64
	for _, x := range slices.Sorted(slices.Values(xs)) {
		sum += x
	}
	return sum / float64(len(xs))
}

// percentile is the p-th percentile (0 < p ≤ 100) of xs by nearest rank:
// the smallest value at least p percent of xs are no greater than. It is 0
// for none.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	rank := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[min(max(rank, 0), len(s)-1)]
}
