package semantic

import (
	"slices"

	"newsdesk/index"
	"newsdesk/index/embed"
)

// set holds the vectors of the indexed passages, for exact nearest-neighbour
// search: one dot product a passage, which at 10,000 passages of 384
// dimensions is about a millisecond. It is not changed once built; an
// update builds a new one.
type set struct {
	dims int
	ids  []string
	vecs []float32 // len(ids) × dims
	slot map[string]int
}

func newSet(dims int, n int) *set {
	return &set{dims: dims, ids: make([]string, 0, n), vecs: make([]float32, 0, n*dims), slot: make(map[string]int, n)}
}

func (s *set) add(id string, v []float32) {
	s.slot[id] = len(s.ids)
	s.ids = append(s.ids, id)
	s.vecs = append(s.vecs, v...)
}

func (s *set) vector(id string) ([]float32, bool) {
	i, ok := s.slot[id]
	if !ok {
		return nil, false
	}
	return s.vecs[i*s.dims : (i+1)*s.dims], true
}

// nearest returns the k passages whose vectors have the largest dot product
// with v (the cosine, for unit vectors), largest first; ties go to the
// passage added first, so the order is stable.
func (s *set) nearest(v []float32, k int) []index.Neighbor {
	if k <= 0 || len(v) != s.dims {
		return nil
	}
	top := make([]index.Neighbor, 0, k+1)
	for i, id := range s.ids {
		sim := float64(embed.Dot(v, s.vecs[i*s.dims:(i+1)*s.dims]))
		if len(top) == k && sim <= top[k-1].Similarity {
			continue
		}
		at, _ := slices.BinarySearchFunc(top, sim, func(n index.Neighbor, sim float64) int {
			if n.Similarity >= sim {
				return -1
			}
			return 1
		})
		top = slices.Insert(top, at, index.Neighbor{PassageID: id, Similarity: sim})
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}
