package onnx

import "newsdesk/index/embed"

// pool turns the model's token vectors for one batch, hidden [batch, seq,
// dim] flattened, into one normalized vector per text; lens[i] is how
// many of row i's seq tokens are real (the rest is padding).
func pool(method string, hidden []float32, lens []int, seq, dim int) ([][]float32, error) {
	out := make([][]float32, len(lens))
	for i, n := range lens {
		row := hidden[i*seq*dim : (i+1)*seq*dim]
		v := make([]float32, dim)
		switch method {
		case PoolCLS:
			copy(v, row[:dim])
		default:
			// Sum in float64: 512 tokens of float32 lose digits otherwise.
			sum := make([]float64, dim)
			for t := 0; t < n; t++ {
				for j, x := range row[t*dim : (t+1)*dim] {
					sum[j] += float64(x)
				}
			}
			for j := range v {
				v[j] = float32(sum[j] / float64(n))
			}
		}
		if err := embed.Normalize(v); err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
