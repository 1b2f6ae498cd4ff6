package eval

import (
	"math"
	"testing"

	"newsdesk/bot"
)

// TestEvalMetrics checks the metric arithmetic on a constructed case.
func TestEvalMetrics(t *testing.T) {
	p := func(article, text string) bot.Citation {
		return bot.Citation{ArticleID: article, PassageID: article + "#1", Text: text}
	}
	var m sums
	// Two relevant articles; found at article ranks 2 and 4 (A's second
	// passage does not count again). No answer was given.
	q1 := Question{Question: "q1", Articles: []string{"A", "B"}}
	ranked1 := []bot.Citation{p("C", ""), p("A", ""), p("A", ""), p("D", ""), p("B", "")}
	if got := m.add(q1, nil, "", ranked1, 3); got {
		t.Errorf("q1 hit@1 = true; want false (no answer)")
	}
	// One relevant article, cited first, with the answer text in the quote.
	q2 := Question{Question: "q2", Articles: []string{"X"}, Answers: []string{"Forty  Two"}}
	c := p("X", "It was forty two.")
	if got := m.add(q2, &c, "It was FORTY two.", []bot.Citation{c, p("Y", "")}, 3); !got {
		t.Errorf("q2 hit@1 = false; want true")
	}
	// Answers only: the right passage is second, the quote misses.
	q3 := Question{Question: "q3", Answers: []string{"zebra"}}
	c3 := p("Z", "a lion")
	if got := m.add(q3, &c3, "a lion", []bot.Citation{c3, p("Z", "a zebra")}, 3); got {
		t.Errorf("q3 hit@1 = true; want false")
	}
	// Nothing expected: counted, not judged.
	m.add(Question{Question: "q4"}, nil, "", nil, 3)

	r := m.report()
	ndcg1 := (1/math.Log2(3) + 1/math.Log2(5)) / (1 + 1/math.Log2(3))
	want := Report{
		Questions:        4,
		Hit1:             1.0 / 3, // q2 of q1..q3
		Hit5:             3.0 / 3, // q1 (A is in its top 5 passages), q2, q3 (zebra second)
		SentenceAccuracy: 1.0 / 2, // q2 of q2, q3
		Recall1:          (0 + 1) / 2.0,
		Recall5:          (1 + 1) / 2.0,
		RecallK:          (0.5 + 1) / 2.0, // k=3: q1 finds A among C, A, D
		MRR:              (1.0/2 + 1) / 2,
		NDCG10:           (ndcg1 + 1) / 2,
	}
	check := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %.6f; want %.6f", name, got, want)
		}
	}
	if r.Questions != want.Questions {
		t.Errorf("questions = %d; want %d", r.Questions, want.Questions)
	}
	check("hit@1", r.Hit1, want.Hit1)
	check("hit@5", r.Hit5, want.Hit5)
	check("sentence accuracy", r.SentenceAccuracy, want.SentenceAccuracy)
	check("recall@1", r.Recall1, want.Recall1)
	check("recall@5", r.Recall5, want.Recall5)
	check("recall@k", r.RecallK, want.RecallK)
	check("mrr", r.MRR, want.MRR)
	check("ndcg@10", r.NDCG10, want.NDCG10)
}

func TestNDCG(t *testing.T) {
	cases := []struct {
		name     string
		ranked   []string
		relevant []string
		want     float64
	}{
		{"perfect", []string{"a", "b", "c"}, []string{"a", "b"}, 1},
		{"none found", []string{"x", "y"}, []string{"a"}, 0},
		{"second", []string{"x", "a"}, []string{"a"}, 1 / math.Log2(3)},
		{"beyond 10", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "a"}, []string{"a"}, 0},
		{"more relevant than ranks", []string{"a"}, []string{"a", "b"}, 1 / (1 + 1/math.Log2(3))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ndcg(c.ranked, c.relevant, 10); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("ndcg(%v, %v) = %.6f; want %.6f", c.ranked, c.relevant, got, c.want)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	xs := make([]float64, 100)
	for i := range xs {
		xs[i] = float64(100 - i) // 100..1
	}
	cases := []struct {
		name      string
		xs        []float64
		mean, p95 float64
		p50, p99  float64
	}{
		{"none", nil, 0, 0, 0, 0},
		{"one", []float64{3}, 3, 3, 3, 3},
		{"four", []float64{4, 1, 2, 3}, 2.5, 4, 2, 4},
		{"zeros", []float64{20: 0}, 0, 0, 0, 0},
		{"twelve", []float64{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 6.5, 12, 6, 12}, // rank 11.4 rounds up
		{"hundred", xs, 50.5, 95, 50, 99},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := mean(c.xs); got != c.mean {
				t.Errorf("mean = %g; want %g", got, c.mean)
			}
			for _, p := range []struct{ p, want float64 }{{50, c.p50}, {95, c.p95}, {99, c.p99}} {
				if got := percentile(c.xs, p.p); got != p.want {
					t.Errorf("percentile(%g) = %g; want %g", p.p, got, p.want)
				}
			}
		})
	}
}
