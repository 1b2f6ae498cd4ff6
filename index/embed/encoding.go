package embed

import (
	"encoding/binary"
	"fmt"
	"math"
)

// The stored form of a vector is its float32 values, little-endian, with
// nothing else: 4 bytes a dimension, 1,536 for a 384-dimension model, so
// 13 MB for the 8,400 BBC passages. float16 would halve that, but this
// size costs nothing at newsdesk's scale, and float32 round-trips exactly:
// a stored vector equals the freshly computed one bit for bit, so tests
// and a re-index can compare them with ==. The length is not stored; it
// is the model's Dims, which the key of the stored vectors names.

// Encode returns v's stored form: len(v)*4 bytes.
func Encode(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// Decode returns the vector whose stored form is b. It returns an error
// wrapping ErrBadVector when len(b) is not a multiple of 4.
func Decode(b []byte) ([]float32, error) {
	if len(b)%4 != 0 {
		return nil, fmt.Errorf("decode vector: %d bytes is not a whole number of float32s: %w", len(b), ErrBadVector)
	}
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v, nil
}
