package bot

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsdesk/index"
)

// leadSets are the BBC question sets the lead model is fitted on. Later
// sets (bbc-blind6 onwards) are left out, so they measure it unseen.
var leadSets = []string{"bbc-questions", "bbc-heldout", "bbc-blind", "bbc-blind2", "bbc-blind3", "bbc-blind4", "bbc-blind5"}

// leadGroup is one question's choice: the features of the eligible
// passages of the article the answer comes from, and which are right.
type leadGroup struct {
	feats []leadVector
	right []bool
}

// TestFitLeadWeights fits leadWeights and reports, for each set, hit@1 of
// the current weights and of weights fitted without that set. It needs the
// index `newsdesk eval --with-seed` builds over the BBC articles, so it
// runs only when asked:
//
//	go run . eval --corpus ../shared/data/bbc-news/bbc --with-seed testdata/eval/bbc-questions.jsonl
//	NEWSDESK_FIT_INDEX=$PWD/data/eval-with-seed go test ./bot -run TestFitLeadWeights -v
func TestFitLeadWeights(t *testing.T) {
	dir := os.Getenv("NEWSDESK_FIT_INDEX")
	if dir == "" {
		t.Skip("set NEWSDESK_FIT_INDEX to the eval-with-seed index to fit the lead model")
	}
	ctx := context.Background()
	ix, err := index.Open(ctx, dir, index.Options{Owner: "lead fit"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	a := NewAnswerer(ix, nil, nil)
	sets := map[string][]leadGroup{}
	for _, name := range leadSets {
		set, err := ReadEvalSet(ctx, filepath.Join("..", "testdata", "eval", name+".jsonl"), "")
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range set.Questions {
			g, err := a.leadGroup(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			sets[name] = append(sets[name], g)
		}
	}
	var before, after, total int
	for _, name := range leadSets {
		var train []leadGroup
		for _, other := range leadSets {
			if other != name {
				train = append(train, sets[other]...)
			}
		}
		w := fitLead(train)
		b, f := leadHits(sets[name], leadWeights), leadHits(sets[name], w)
		before, after, total = before+b, after+f, total+len(sets[name])
		t.Logf("%-14s %2d questions: hit@1 %2d with leadWeights, %2d fitted without this set", name, len(sets[name]), b, f)
	}
	t.Logf("all %d questions: %d with leadWeights, %d with each set left out", total, before, after)
	var all []leadGroup
	for _, name := range leadSets {
		all = append(all, sets[name]...)
	}
	w := fitLead(all)
	var s []string
	for _, v := range w {
		s = append(s, fmt.Sprintf("%.3g", v))
	}
	t.Logf("fitted on all: leadVector{%s}", strings.Join(s, ", "))
}

// leadGroup ranks q as Ask does and returns the choice the lead model makes
// for it. A question answered by no passage, or by the first of the only
// one, gives a group of one or none: the model cannot change it.
func (a *Answerer) leadGroup(ctx context.Context, q EvalQuestion) (leadGroup, error) {
	hits, qt, known, err := a.retrieve(ctx, q.Question, minRetrieve)
	if err != nil || !known {
		return leadGroup{}, err
	}
	cands := rank(hits, qt, wantsLatest(q.Question))
	var g leadGroup
	id := ""
	for _, c := range cands {
		if c.coverage >= minCoverage {
			id = c.hit.Passage.ArticleID
			break
		}
	}
	var lede []string
	for _, c := range cands {
		if c.hit.Passage.ArticleID == id && c.hit.Passage.N == 1 {
			lede = append([]string{}, c.hit.Terms...)
		}
	}
	for _, c := range cands {
		if c.hit.Passage.ArticleID == id && c.coverage >= minCoverage {
			g.feats = append(g.feats, leadInput(c, qt, lede))
			g.right = append(g.right, q.right(cite(c.hit)))
		}
	}
	return g, nil
}

// leadHits counts the groups whose best-scored passage under w is right.
func leadHits(groups []leadGroup, w leadVector) int {
	n := 0
	for _, g := range groups {
		best, bestScore := -1, math.Inf(-1)
		for i, f := range g.feats {
			if s := w.dot(f); s > bestScore {
				best, bestScore = i, s
			}
		}
		if best >= 0 && g.right[best] {
			n++
		}
	}
	return n
}

// fitLead fits weights by listwise logistic regression: each group's
// softmax over its passages should put its mass on the right ones. The
// features are standardized for the descent, with an L2 penalty, and the
// weights returned in raw units (a constant shift does not change a
// choice within a group).
func fitLead(groups []leadGroup) leadVector {
	const (
		l2    = 0.02
		rate  = 0.3
		steps = 400
	)
	var mu, sd leadVector
	n := 0.0
	for _, g := range groups {
		for _, f := range g.feats {
			for k := range f {
				mu[k] += f[k]
			}
			n++
		}
	}
	for k := range mu {
		mu[k] /= n
	}
	for _, g := range groups {
		for _, f := range g.feats {
			for k := range f {
				sd[k] += (f[k] - mu[k]) * (f[k] - mu[k])
			}
		}
	}
	for k := range sd {
		sd[k] = max(math.Sqrt(sd[k]/n), 1e-6)
	}
	var useful []leadGroup // a choice to learn from: some right, some wrong
	for _, g := range groups {
		right := 0
		for _, r := range g.right {
			if r {
				right++
			}
		}
		if right > 0 && right < len(g.right) {
			useful = append(useful, g)
		}
	}
	var w leadVector // in standard units
	if len(useful) == 0 {
		return w
	}
	z := func(f leadVector) (out leadVector) {
		for k := range f {
			out[k] = (f[k] - mu[k]) / sd[k]
		}
		return out
	}
	for range steps {
		var grad leadVector
		for _, g := range useful {
			zs := make([]leadVector, len(g.feats))
			ss := make([]float64, len(g.feats))
			top := math.Inf(-1)
			right := 0.0
			for i, f := range g.feats {
				zs[i] = z(f)
				ss[i] = w.dot(zs[i])
				top = max(top, ss[i])
				if g.right[i] {
					right++
				}
			}
			var sum float64
			for i := range ss {
				ss[i] = math.Exp(ss[i] - top)
				sum += ss[i]
			}
			for i := range ss {
				d := ss[i] / sum
				if g.right[i] {
					d -= 1 / right
				}
				for k := range grad {
					grad[k] += d * zs[i][k]
				}
			}
		}
		for k := range w {
			w[k] -= rate * (grad[k]/float64(len(useful)) + l2*w[k])
		}
	}
	for k := range w {
		w[k] /= sd[k]
	}
	return w
}
