package rank_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsdesk/bot"
	"newsdesk/bot/answer"
	"newsdesk/bot/eval"
	"newsdesk/bot/rank"
	"newsdesk/corpus/split"
	"newsdesk/index/bleve"
	"newsdesk/internal/dataset"
)

// The lead and quote models are fitted here, on demand: each TestFit…
// needs an index `newsdesk eval` builds from the public data sets under
// $NEWSDESK_DATA, so it skips
// unless told where that index is. They print the weights to paste into
// leadWeights and quoteWeights, and how well each does on questions it was
// not fitted on. They rank as the bot does, through answer.Answerer.Rank.

// leadSets are the BBC question sets the lead model is fitted on. Later
// sets (bbc-blind6 onwards) are left out, so they measure it unseen.
var leadSets = []string{"bbc-questions", "bbc-heldout", "bbc-blind", "bbc-blind2", "bbc-blind3", "bbc-blind4", "bbc-blind5"}

// choice is one decision a model makes: the features of the options, and
// which options are right.
type choice struct {
	feats [][]float64
	right []bool
}

// TestFitLeadWeights fits leadWeights and reports, for each BBC set, hit@1
// with the current weights and with weights fitted without that set:
//
//	go run . eval --corpus "$NEWSDESK_DATA/bbc-news/bbc" --with-seed testdata/eval/bbc-questions.jsonl
//	NEWSDESK_FIT_BBC=$PWD/data/eval-with-seed go test ./bot/rank -run TestFitLeadWeights -v
func TestFitLeadWeights(t *testing.T) {
	a := fitAnswerer(t, "NEWSDESK_FIT_BBC")
	sets := map[string][]choice{}
	for _, name := range leadSets {
		for _, q := range readFitSet(t, filepath.Join("..", "..", "testdata", "eval", name+".jsonl")) {
			c, err := leadChoice(context.Background(), a, q)
			if err != nil {
				t.Fatal(err)
			}
			sets[name] = append(sets[name], c)
		}
	}
	var before, after, total int
	var all []choice
	for _, name := range leadSets {
		var train []choice
		for _, other := range leadSets {
			if other != name {
				train = append(train, sets[other]...)
			}
		}
		b, f := rightChoices(sets[name], rank.LeadWeights), rightChoices(sets[name], fitListwise(train))
		before, after, total = before+b, after+f, total+len(sets[name])
		all = append(all, sets[name]...)
		t.Logf("%-14s %2d questions: hit@1 %2d with leadWeights, %2d fitted without this set", name, len(sets[name]), b, f)
	}
	t.Logf("all %d questions: %d with leadWeights, %d with each set left out", total, before, after)
	t.Logf("fitted on all: %s", goSource(fitListwise(all)))
}

// TestFitQuoteWeights fits quoteWeights on SQuAD's right passages (the
// articles of its first half, then all of them) and reports how often the
// chosen sentence holds the answer on SQuAD's second half and on the BBC
// sets, which it is never fitted on. It reads SQuAD from $NEWSDESK_DATA,
// the file NEWSDESK_FIT_SQUAD's index must have been built from:
//
//	go run . eval "$NEWSDESK_DATA/squad-v1.1-dev/dev-v1.1.json.zip"
//	NEWSDESK_FIT_SQUAD=$PWD/data/eval-squad NEWSDESK_FIT_BBC=$PWD/data/eval-with-seed \
//	  go test ./bot/rank -run TestFitQuoteWeights -v
func TestFitQuoteWeights(t *testing.T) {
	squad := fitAnswerer(t, "NEWSDESK_FIT_SQUAD")
	bbc := fitAnswerer(t, "NEWSDESK_FIT_BBC")
	ctx := context.Background()
	var first, second, bbcChoices []choice
	qs := readFitSet(t, dataset.Path(t, "squad-v1.1-dev", "dev-v1.1.json.zip"))
	for i, q := range qs {
		c, err := quoteChoice(ctx, squad, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.feats) == 0 {
			continue
		}
		if i < len(qs)/2 { // SQuAD lists questions article by article
			first = append(first, c)
		} else {
			second = append(second, c)
		}
	}
	for _, name := range leadSets {
		for _, q := range readFitSet(t, filepath.Join("..", "..", "testdata", "eval", name+".jsonl")) {
			c, err := quoteChoice(ctx, bbc, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.feats) > 0 {
				bbcChoices = append(bbcChoices, c)
			}
		}
	}
	byScore := rank.Linear{1} // the sentence holding the largest share of the question
	half := fitListwise(first)
	for _, m := range []struct {
		name string
		w    rank.Linear
	}{{"share of the question alone", byScore}, {"quoteWeights", rank.QuoteWeights}, {"fitted on SQuAD's first half", half}} {
		t.Logf("%-30s right sentence: SQuAD second half %d of %d, BBC %d of %d", m.name,
			rightChoices(second, m.w), len(second), rightChoices(bbcChoices, m.w), len(bbcChoices))
	}
	t.Logf("fitted on all SQuAD: %s", goSource(fitListwise(append(first, second...))))
}

func fitAnswerer(t *testing.T, env string) *answer.Answerer {
	t.Helper()
	dir := os.Getenv(env)
	if dir == "" {
		t.Skipf("set %s to the index newsdesk eval built, to fit a model", env)
	}
	ix, err := bleve.Open(context.Background(), dir, bleve.Options{Owner: "newsdesk fit"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return answer.New(ix, nil, nil)
}

func readFitSet(t *testing.T, path string) []eval.Question {
	t.Helper()
	set, err := eval.ReadSet(context.Background(), path, "")
	if err != nil {
		t.Fatal(err)
	}
	return set.Questions
}

// answering ranks q as Ask does and returns the candidates with the index
// of the first one covering enough of it, the one Ask answers from (-1
// for none).
func answering(ctx context.Context, a *answer.Answerer, q eval.Question) ([]rank.Candidate, *rank.Query, int, error) {
	qt, cands, err := a.Rank(ctx, q.Question, 0)
	if err != nil || qt == nil {
		return nil, qt, -1, err
	}
	for i, c := range cands {
		if c.Coverage >= rank.MinCoverage {
			return cands, qt, i, nil
		}
	}
	return cands, qt, -1, nil
}

// passage is the citation eval judges a candidate by.
func passage(c rank.Candidate) bot.Citation {
	return bot.Citation{ArticleID: c.Hit.Passage.ArticleID, PassageID: c.Hit.Passage.ID, Text: c.Hit.Passage.Text}
}

// leadChoice is the choice the lead model makes for q: among the passages
// of the article the answer comes from (leadOptions).
func leadChoice(ctx context.Context, a *answer.Answerer, q eval.Question) (choice, error) {
	cands, qt, first, err := answering(ctx, a, q)
	if err != nil || first < 0 {
		return choice{}, err
	}
	eligible, lede := rank.LeadOptions(cands)
	var ch choice
	for _, j := range eligible {
		ch.feats = append(ch.feats, rank.LeadInput(cands[j], qt, lede))
		ch.right = append(ch.right, q.Right(passage(cands[j])))
	}
	return ch, nil
}

// quoteChoice is the choice the quote model makes for q: among the
// sentences of the passage answered from, when that passage is right.
func quoteChoice(ctx context.Context, a *answer.Answerer, q eval.Question) (choice, error) {
	cands, qt, first, err := answering(ctx, a, q)
	if err != nil || first < 0 || len(q.Answers) == 0 || !q.Right(passage(cands[first])) {
		return choice{}, err
	}
	h := cands[first].Hit
	sents := split.Sentences(h.Passage.Text)
	fits := qt.Expect.SentencesFit(sents)
	var ch choice
	for i, s := range sents {
		ch.feats = append(ch.feats, rank.QuoteInput(qt, qt.Analyze(s), h.TitleTerms, fits[i], i))
		ch.right = append(ch.right, q.HasAnswer(s))
	}
	return ch, nil
}

// rightChoices counts the choices whose option w scores best is right.
func rightChoices(choices []choice, w rank.Linear) int {
	n := 0
	for _, c := range choices {
		if i := w.Argmax(c.feats); i >= 0 && c.right[i] {
			n++
		}
	}
	return n
}

// fitListwise fits weights by listwise logistic regression: each choice's
// softmax over its options should put its mass on the right ones. The
// features are standardized for the descent, with an L2 penalty, and the
// weights returned in raw units (a constant shift changes no choice).
func fitListwise(choices []choice) rank.Linear {
	const (
		l2    = 0.02
		rate  = 0.3
		steps = 400
	)
	var useful []choice // something to learn from: some options right, some wrong
	for _, c := range choices {
		right := 0
		for _, r := range c.right {
			if r {
				right++
			}
		}
		if right > 0 && right < len(c.right) {
			useful = append(useful, c)
		}
	}
	if len(useful) == 0 {
		return nil
	}
	dim := len(useful[0].feats[0])
	mu, sd := make([]float64, dim), make([]float64, dim)
	n := 0.0
	for _, c := range useful {
		for _, f := range c.feats {
			for k := range f {
				mu[k] += f[k]
			}
			n++
		}
	}
	for k := range mu {
		mu[k] /= n
	}
	for _, c := range useful {
		for _, f := range c.feats {
			for k := range f {
				sd[k] += (f[k] - mu[k]) * (f[k] - mu[k])
			}
		}
	}
	for k := range sd {
		sd[k] = max(math.Sqrt(sd[k]/n), 1e-6)
	}
	zs := make([][][]float64, len(useful)) // standardized features
	for i, c := range useful {
		for _, f := range c.feats {
			z := make([]float64, dim)
			for k := range f {
				z[k] = (f[k] - mu[k]) / sd[k]
			}
			zs[i] = append(zs[i], z)
		}
	}
	w := make(rank.Linear, dim)
	for range steps {
		grad := make([]float64, dim)
		for i, c := range useful {
			ss := make([]float64, len(zs[i]))
			top, right := math.Inf(-1), 0.0
			for j, z := range zs[i] {
				ss[j] = w.Score(z)
				top = max(top, ss[j])
				if c.right[j] {
					right++
				}
			}
			var sum float64
			for j := range ss {
				ss[j] = math.Exp(ss[j] - top)
				sum += ss[j]
			}
			for j, z := range zs[i] {
				d := ss[j] / sum
				if c.right[j] {
					d -= 1 / right
				}
				for k := range grad {
					grad[k] += d * z[k]
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

// goSource prints w as Go source, to paste into leadWeights or quoteWeights.
func goSource(w rank.Linear) string {
	s := make([]string, len(w))
	for i, v := range w {
		s[i] = fmt.Sprintf("%.3g", v)
	}
	return "Linear{" + strings.Join(s, ", ") + "}"
}
