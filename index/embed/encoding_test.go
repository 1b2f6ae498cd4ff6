package embed

import (
	"errors"
	"math"
	"slices"
	"testing"
)

func TestEncodeDecode(t *testing.T) {
	tests := []struct {
		name string
		v    []float32
		want []byte
	}{
		{"empty", []float32{}, []byte{}},
		{"one", []float32{1}, []byte{0, 0, 0x80, 0x3f}},
		{"signs and tiny", []float32{-2, math.SmallestNonzeroFloat32}, []byte{0, 0, 0, 0xc0, 1, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Encode(tt.v)
			if !slices.Equal(b, tt.want) {
				t.Fatalf("Encode = %x; want %x", b, tt.want)
			}
			got, err := Decode(b)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !slices.Equal(got, tt.v) {
				t.Errorf("Decode(Encode(v)) = %v; want %v", got, tt.v)
			}
		})
	}
}

func TestDecodeRejectsPartialFloat(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5} {
		if _, err := Decode(make([]byte, n)); !errors.Is(err, ErrBadVector) {
			t.Errorf("Decode(%d bytes) error = %v; want ErrBadVector", n, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte{0, 0, 0x80, 0x3f})
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := Decode(b)
		if err != nil {
			return
		}
		if got := Encode(v); !slices.Equal(got, b) {
			t.Errorf("Encode(Decode(%x)) = %x", b, got)
		}
	})
}
