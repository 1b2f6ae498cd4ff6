package onnx

import (
	"math"
	"slices"
	"testing"
)

func TestPool(t *testing.T) {
	// Two rows of seq 3, dim 2; row 1 has one real token and two of
	// padding whose values must not count.
	hidden := []float32{
		3, 0, 1, 4, 2, 2,
		0, 5, 99, 99, 99, 99,
	}
	s := float32(1 / math.Sqrt2)
	tests := []struct {
		method string
		want   [][]float32
	}{
		{PoolMean, [][]float32{{s, s}, {0, 1}}}, // row 0's mean is (2, 2)
		{PoolCLS, [][]float32{{1, 0}, {0, 1}}},  // each row's first token
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			got, err := pool(tt.method, hidden, []int{3, 1}, 3, 2)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.want {
				for j := range tt.want[i] {
					if math.Abs(float64(got[i][j]-tt.want[i][j])) > 1e-6 {
						t.Errorf("row %d = %v; want %v", i, got[i], tt.want[i])
						break
					}
				}
			}
		})
	}
	if _, err := pool(PoolCLS, make([]float32, 4), []int{2}, 2, 2); err == nil {
		t.Error("pool of zeros succeeded; want an error")
	}
}

func TestPlan(t *testing.T) {
	ids := [][]int64{make([]int64, 3), make([]int64, 10), make([]int64, 5), make([]int64, 10), make([]int64, 2)}
	tests := []struct {
		name            string
		size, maxTokens int
		want            [][]int // batches' indexes
		wantSeq         []int
	}{
		{"by size", 2, 1000, [][]int{{1, 3}, {2, 0}, {4}}, []int{10, 5, 2}},
		{"by tokens", 10, 20, [][]int{{1, 3}, {2, 0, 4}}, []int{10, 5}},
		{"one text longer than the token budget", 10, 5, [][]int{{1}, {3}, {2}, {0}, {4}}, []int{10, 10, 5, 3, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs := plan(ids, tt.size, tt.maxTokens)
			var got [][]int
			var seq []int
			for _, b := range bs {
				got = append(got, b.index)
				seq = append(seq, b.seq)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) || !slices.Equal(seq, tt.wantSeq) {
				t.Errorf("plan = %v (seq %v); want %v (seq %v)", got, seq, tt.want, tt.wantSeq)
			}
		})
	}
}

func TestBatchTensors(t *testing.T) {
	b := batch{index: []int{0, 1}, ids: [][]int64{{2, 7, 3}, {2, 3}}, seq: 3}
	ids, mask, types := b.tensors()
	if want := []int64{2, 7, 3, 2, 3, 0}; !slices.Equal(ids, want) {
		t.Errorf("ids = %v; want %v", ids, want)
	}
	if want := []int64{1, 1, 1, 1, 1, 0}; !slices.Equal(mask, want) {
		t.Errorf("mask = %v; want %v", mask, want)
	}
	if want := make([]int64, 6); !slices.Equal(types, want) {
		t.Errorf("types = %v; want %v", types, want)
	}
	if got, want := b.lens(), []int{3, 2}; !slices.Equal(got, want) {
		t.Errorf("lens = %v; want %v", got, want)
	}
}
