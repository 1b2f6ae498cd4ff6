package embed

import (
	"fmt"
	"math"
)

// Dot returns the dot product of a and b, which is their cosine similarity
// when both are L2-normalized, as every Embedder's vectors are. It panics
// if their lengths differ: comparing vectors of two models is a bug.
func Dot(a, b []float32) float32 {
	if len(a) != len(b) {
		panic(fmt.Sprintf("embed.Dot: lengths %d and %d", len(a), len(b)))
	}
	// Four accumulators let the CPU overlap the additions; with one, each
	// waits for the last. This is the inner loop of exact search.
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// Cosine returns the cosine similarity of a and b whether or not they are
// normalized, and 0 when either is all zero. It panics if their lengths
// differ.
func Cosine(a, b []float32) float32 {
	na, nb := Dot(a, a), Dot(b, b)
	if na == 0 || nb == 0 {
		return 0
	}
	return float32(float64(Dot(a, b)) / math.Sqrt(float64(na)*float64(nb)))
}

// Normalize scales v in place to unit L2 length. It returns an error
// wrapping ErrBadVector, leaving v as it was, when v is all zero or holds a
// NaN or an infinity.
func Normalize(v []float32) error {
	var sum float64
	for i, x := range v {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("normalize: value %d is %v: %w", i, x, ErrBadVector)
		}
		sum += f * f
	}
	if sum == 0 {
		return fmt.Errorf("normalize: all %d values are zero: %w", len(v), ErrBadVector)
	}
	inv := 1 / math.Sqrt(sum)
	for i := range v {
		v[i] = float32(float64(v[i]) * inv)
	}
	return nil
}

// Validate checks what a model returned for n texts: n vectors of dims
// values each (any length when dims is 0), none with a NaN, an infinity or
// all zeros. Its errors wrap ErrBadVector and name the first bad vector.
func Validate(vecs [][]float32, n, dims int) error {
	if len(vecs) != n {
		return fmt.Errorf("got %d vectors for %d texts: %w", len(vecs), n, ErrBadVector)
	}
	for i, v := range vecs {
		if dims > 0 && len(v) != dims {
			return fmt.Errorf("vector %d has %d dimensions, want %d: %w", i, len(v), dims, ErrBadVector)
		}
		if len(v) == 0 {
			return fmt.Errorf("vector %d is empty: %w", i, ErrBadVector)
		}
		zero := true
		for j, x := range v {
			f := float64(x)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return fmt.Errorf("vector %d value %d is %v: %w", i, j, x, ErrBadVector)
			}
			if x != 0 {
				zero = false
			}
		}
		if zero {
			return fmt.Errorf("vector %d is all zero: %w", i, ErrBadVector)
		}
	}
	return nil
}
