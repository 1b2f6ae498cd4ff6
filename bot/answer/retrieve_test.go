package answer

import (
	"context"
	"newsdesk/index"
	"testing"
)

// weightsLibrary weighs terms from a fixed table and finds nothing.
type weightsLibrary struct {
	Library
	w map[string]float64
}

func (l weightsLibrary) Weights(_ context.Context, terms []string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, t := range terms {
		if v, ok := l.w[t]; ok {
			out[t] = v
		}
	}
	return out, nil
}

func (weightsLibrary) Search(context.Context, string, int) ([]index.Hit, error) { return nil, nil }

func (weightsLibrary) Terms(text string) []string { return terms(text) }

// TestRetrieveWeighsFormsOnce: a word weighs as the lightest of its own
// forms, as the index gives them, whatever order the forms are visited in
// ("uk" is linked to "britain", "britain" to "british").
func TestRetrieveWeighsFormsOnce(t *testing.T) {
	a := New(weightsLibrary{w: map[string]float64{"uk": 3, "britain": 2, "british": 1, "economi": 4}}, nil, nil)
	for range 50 {
		_, q, _, err := a.retrieve(context.Background(), "Britain and the UK economy", 10)
		if err != nil {
			t.Fatal(err)
		}
		if q.Weight["uk"] != 2 || q.Weight["britain"] != 1 || q.Weight["economi"] != 4 {
			t.Fatalf("weights = %v; want uk 2 (as britain), britain 1 (as british), economi 4", q.Weight)
		}
	}
}
