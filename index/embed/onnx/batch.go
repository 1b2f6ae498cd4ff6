package onnx

import (
	"cmp"
	"slices"
)

// batch is texts that run through the model together: their positions
// in the caller's slice and their token ids.
type batch struct {
	index []int
	ids   [][]int64
	seq   int // the longest text's length, to which the others are padded
}

// plan groups encoded texts into batches of at most size texts and about
// maxTokens padded tokens. Texts are taken longest first, so each batch
// holds texts of about one length and little compute goes to padding.
func plan(ids [][]int64, size, maxTokens int) []batch {
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(len(ids[b]), len(ids[a])) })
	var out []batch
	for len(order) > 0 {
		seq := len(ids[order[0]])
		n := min(size, len(order), max(1, maxTokens/seq))
		b := batch{index: order[:n], seq: seq, ids: make([][]int64, n)}
		for k, i := range b.index {
			b.ids[k] = ids[i]
		}
		out = append(out, b)
		order = order[n:]
	}
	return out
}

// tensors returns the batch's model inputs, flattened [len, seq] and
// padded with zeros: input_ids, attention_mask, token_type_ids.
func (b batch) tensors() (ids, mask, types []int64) {
	n := len(b.ids) * b.seq
	ids, mask, types = make([]int64, n), make([]int64, n), make([]int64, n)
	for r, row := range b.ids {
		copy(ids[r*b.seq:], row)
		for t := range row {
			mask[r*b.seq+t] = 1
		}
	}
	return ids, mask, types
}

// lens returns each row's count of real tokens.
func (b batch) lens() []int {
	out := make([]int, len(b.ids))
	for i, row := range b.ids {
		out[i] = len(row)
	}
	return out
}
