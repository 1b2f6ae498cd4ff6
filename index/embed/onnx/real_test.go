//go:build cgo

package onnx

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"newsdesk/index/embed"
)

// TestRealModel embeds a few sentences with NEWSDESK_EMBED_MODEL and
// compares with testdata/reference-NAME.json, the same sentences embedded
// in Python by scripts/make-reference-vectors. It skips without the model.
func TestRealModel(t *testing.T) {
	e := realModel(t)
	path := filepath.Join("testdata", "reference-"+e.Model().Name+".json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no reference vectors for %s: %v (scripts/make-reference-vectors writes them)", e.Model().Name, err)
	}
	var ref []struct {
		Kind   string
		Text   string
		Vector []float32
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	got := make([][]float32, len(ref))
	worst := float32(1)
	for i, r := range ref {
		kind := embed.Passage
		if r.Kind == "query" {
			kind = embed.Query
		}
		v, err := e.Embed(context.Background(), kind, []string{r.Text})
		if err != nil {
			t.Fatal(err)
		}
		got[i] = v[0]
		worst = min(worst, embed.Dot(v[0], r.Vector))
		if c := embed.Dot(v[0], r.Vector); c < 0.99 {
			t.Errorf("cosine with Python's vector of %q = %.4f; want > 0.99", r.Text, c)
		}
	}
	t.Logf("%s: least cosine with Python's vectors %.6f", e.Model().Name, worst)
	// Rows 0-3: a question, its answer, two unrelated passages; rows 4-5:
	// a question and its answer in other words.
	tests := []struct {
		q, answer, other int
	}{
		{0, 1, 2}, {0, 1, 3}, {4, 5, 2}, {4, 5, 1},
	}
	for _, tt := range tests {
		near, far := embed.Dot(got[tt.q], got[tt.answer]), embed.Dot(got[tt.q], got[tt.other])
		if near <= far {
			t.Errorf("%q: cosine with its answer %.3f ≤ with %q %.3f", ref[tt.q].Text, near, ref[tt.other].Text, far)
		}
	}
}
