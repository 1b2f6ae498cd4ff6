package eval

import (
	"context"
	"strings"
	"testing"

	"newsdesk/corpus"
	"newsdesk/internal/child"
)

func TestFigures(t *testing.T) {
	for _, c := range []struct {
		f          Figures
		median     float64
		wantString string
	}{
		{nil, 0, "0"},
		{Figures{1.2345}, 1.2345, "1.23"},
		{Figures{3, 1, 2}, 2, "2 (1–3)"},
		{Figures{4, 1, 2, 3}, 2.5, "2.5 (1–4)"},
		{Figures{1034.4, 12.34}, 523.37, "523 (12.3–1034)"},
	} {
		if got := c.f.Median(); got != c.median {
			t.Errorf("%v.Median() = %v; want %v", c.f, got, c.median)
		}
		if got := c.f.String(); got != c.wantString {
			t.Errorf("%v.String() = %q; want %q", c.f, got, c.wantString)
		}
	}
}

// TestScaleRunsEachPhase: Scale runs every phase once a run, in order, and
// reads what each printed.
func TestScaleRunsEachPhase(t *testing.T) {
	var phases []string
	run := func(ctx context.Context, args ...string) (child.Result, error) {
		name := args[0]
		if name == "bench" {
			name = args[2]
		}
		phases = append(phases, name)
		out := map[string]string{
			"index":        `{"passages_written": 7}`,
			"answer":       `{"questions": 2, "p50_ms": 1, "p95_ms": 2, "p99_ms": 3}`,
			"naive-search": `{"questions": 2, "p50_ms": 0.5, "p95_ms": 1, "p99_ms": 1.5}`,
			"rescan":       `{"start_rss_mb": 10, "after_rss_mb": 12, "seconds": 0.1}`,
		}[name]
		return child.Result{Stdout: []byte(out), Seconds: 1, PeakRSSMB: 50}, nil
	}
	src := []corpus.Article{{ID: "business/001", Title: "Profits rise", Text: "Profits rose.\n\nShares fell."}}
	r, err := Scale(context.Background(), run, ScaleOptions{Source: src, Articles: 200, Seed: 1, Dir: t.TempDir(), Questions: "q.jsonl", Runs: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := "index naive-index index answer naive-search index rescan"
	if got := strings.Join(phases, " "); got != want+" "+want {
		t.Errorf("phases = %s; want %s twice", got, want)
	}
	if r.Passages != 7 || r.ChangedFiles != 2 || r.Answer.P99ms.Median() != 3 || r.NaiveSearch.P50ms.Median() != 0.5 || r.Rescan.AfterRSSMB.Median() != 12 || len(r.Index.Seconds) != 2 {
		t.Errorf("report = %+v; want the phases' figures, two runs of each", r)
	}
	var b strings.Builder
	if err := WriteScale(&b, r); err != nil || !strings.Contains(b.String(), "index after changing 1% (2 files)") {
		t.Errorf("WriteScale = %q, %v; want the 1%% row", b.String(), err)
	}
}
