package embed

import (
	"errors"
	"math"
	"testing"
)

func TestDot(t *testing.T) {
	tests := []struct {
		name string
		a, b []float32
		want float32
	}{
		{"empty", nil, nil, 0},
		{"odd length", []float32{1, 2, 3}, []float32{4, 5, 6}, 32},
		{"eight", []float32{1, 1, 1, 1, 1, 1, 1, 1}, []float32{1, 2, 3, 4, 5, 6, 7, 8}, 36},
		{"orthogonal", []float32{1, 0}, []float32{0, 1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Dot(tt.a, tt.b); got != tt.want {
				t.Errorf("Dot = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestDotPanicsOnLengthMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Dot of lengths 1 and 2 did not panic")
		}
	}()
	Dot([]float32{1}, []float32{1, 2})
}

func TestCosine(t *testing.T) {
	tests := []struct {
		name string
		a, b []float32
		want float32
	}{
		{"same direction", []float32{1, 2}, []float32{2, 4}, 1},
		{"opposite", []float32{1, 0}, []float32{-3, 0}, -1},
		{"zero", []float32{0, 0}, []float32{1, 0}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cosine(tt.a, tt.b); math.Abs(float64(got-tt.want)) > 1e-6 {
				t.Errorf("Cosine = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name    string
		v       []float32
		want    []float32
		wantErr bool
	}{
		{"3-4-5", []float32{3, 4}, []float32{0.6, 0.8}, false},
		{"already unit", []float32{0, 1}, []float32{0, 1}, false},
		{"zero", []float32{0, 0}, []float32{0, 0}, true},
		{"nan", []float32{float32(math.NaN()), 1}, nil, true},
		{"inf", []float32{float32(math.Inf(1)), 1}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Normalize(tt.v)
			if tt.wantErr {
				if !errors.Is(err, ErrBadVector) {
					t.Fatalf("Normalize error = %v; want ErrBadVector", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			for i := range tt.want {
				if math.Abs(float64(tt.v[i]-tt.want[i])) > 1e-6 {
					t.Errorf("Normalize = %v; want %v", tt.v, tt.want)
					break
				}
			}
		})
	}
}

func TestValidate(t *testing.T) {
	nan := float32(math.NaN())
	tests := []struct {
		name    string
		vecs    [][]float32
		n, dims int
		wantErr bool
	}{
		{"ok", [][]float32{{1, 0}, {0, 1}}, 2, 2, false},
		{"any dims", [][]float32{{1, 0, 0}}, 1, 0, false},
		{"too few", [][]float32{{1, 0}}, 2, 2, true},
		{"too many", [][]float32{{1, 0}, {1, 0}}, 1, 2, true},
		{"short vector", [][]float32{{1, 0}, {1}}, 2, 2, true},
		{"empty vector", [][]float32{{}}, 1, 0, true},
		{"nan", [][]float32{{1, nan}}, 1, 2, true},
		{"all zero", [][]float32{{0, 0}}, 1, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.vecs, tt.n, tt.dims)
			if got := err != nil; got != tt.wantErr {
				t.Fatalf("Validate error = %v; want error %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrBadVector) {
				t.Errorf("Validate error = %v; want it to wrap ErrBadVector", err)
			}
		})
	}
}
