package eval

import (
	"context"
	"errors"
	"fmt"
	"newsdesk/bot"
	"newsdesk/bot/rank"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Answerer is the answer path Run measures; *answer.Answerer is one.
type Answerer interface {
	// Ask answers a question as the bot does.
	Ask(ctx context.Context, question string, opts bot.AskOptions) (bot.Answer, error)
	// Rank is Ask's retrieval and ranking, n passages deep.
	Rank(ctx context.Context, question string, n int) (*rank.Query, []rank.Candidate, error)
	// Summarizes reports whether Ask can answer through a model.
	Summarizes() bool
}

// Options tune Run.
type Options struct {
	K int // articles ranked for recall@k and MRR; default 10
	// LLM answers through the Answerer's summarizer, as Ask does when a
	// model is configured: the passage judged is then the one the summary's
	// first marker names, and the answer is the summary. Without it, and
	// for a summary that fails its checks, answers are extractive.
	LLM bool
}

// evalDepth is how many passages Run ranks per question for the
// article-level metrics: enough to find k distinct articles.
const evalDepth = 100

// Run asks every question of qs as the bot would (Ask: retrieve,
// choose, quote, verify; with opts.LLM, summarize), timing each, and
// measures the answers against what each question expects. The article
// ranking behind recall, MRR and nDCG is the same retrieval and ranking
// run deeper (evalDepth passages), articles ordered by their best passage.
// It returns an error when opts.LLM is set and a has no summarizer, the
// first index error, or ctx's error when ctx is done.
func Run(ctx context.Context, a Answerer, qs []Question, opts Options) (Report, error) {
	k := opts.K
	if k <= 0 {
		k = 10
	}
	if opts.LLM && !a.Summarizes() {
		return Report{}, errors.New("evaluate with a model: no model is configured")
	}
	var (
		m        sums
		lat      = make([]float64, 0, len(qs))
		misses   = []Miss{}
		answered int
		// questions the articles do not answer, and the answers given to them
		absent, confident int
		// answers the model wrote, and answers whose summary was dropped
		summarized, fellBack int
	)
	for _, q := range qs {
		if err := ctx.Err(); err != nil {
			return Report{}, err
		}
		start := time.Now()
		ans, err := a.Ask(ctx, q.Question, bot.AskOptions{K: k, NoLLM: !opts.LLM})
		lat = append(lat, ms(time.Since(start)))
		if errors.Is(err, bot.ErrEmptyQuestion) || errors.Is(err, bot.ErrQuestionTooLong) {
			err = nil
		}
		if err != nil {
			return Report{}, fmt.Errorf("ask %q: %w", q.Question, err)
		}
		if ans.Mode != bot.NoAnswer {
			answered++
		}
		if q.Absent {
			absent++
			if ans.Mode != bot.NoAnswer {
				confident++
				misses = append(misses, Miss{Question: q.Question, Expected: []string{bot.NoAnswerText}, Cited: firstCited(ans).PassageID, Answer: ans.Answer, Kind: MissConfident})
			}
			continue
		}
		switch {
		case ans.Mode == bot.LLM:
			summarized++
		case ans.Fallback != "":
			fellBack++
		}
		ranked, err := rankedPassages(ctx, a, q.Question, max(evalDepth, 5*k))
		if err != nil {
			return Report{}, fmt.Errorf("rank %q: %w", q.Question, err)
		}
		cited := firstCited(ans)
		hit1 := m.add(q, cited, ans.Answer, ranked, k)
		if !hit1 && (len(q.Answers) > 0 || len(q.Articles) > 0) {
			miss := Miss{Question: q.Question, Expected: q.Answers}
			if len(q.Answers) == 0 {
				miss.Expected = q.Articles
			} else {
				miss.Article = strings.Join(q.Articles, " | ")
			}
			if cited != nil {
				miss.Cited, miss.Answer = cited.PassageID, ans.Answer
			}
			miss.Kind, miss.RightRank = classifyMiss(q, cited, ranked)
			misses = append(misses, miss)
		}
	}
	r := m.report()
	r.K = k
	r.Unanswerable = absent
	if absent > 0 {
		r.ConfidentWrong = float64(confident) / float64(absent)
	}
	r.LLM, r.Summarized, r.FellBack = opts.LLM, summarized, fellBack
	r.Misses = misses
	if len(qs) > 0 {
		r.Answered = float64(answered) / float64(len(qs))
	}
	r.LatencyMean, r.LatencyP95 = mean(lat), percentile(lat, 95)
	return r, nil
}

// firstCited is the passage an answer cites first, nil for none: for a
// summary, the one its first marker names (its citations are listed in
// ranking order, not in the order the model used them); else the quoted
// passage.
func firstCited(ans bot.Answer) *bot.Citation {
	if ans.Mode == bot.NoAnswer || len(ans.Citations) == 0 {
		return nil
	}
	if ans.Mode == bot.LLM {
		if m := markerRE.FindStringSubmatch(ans.Answer); m != nil {
			if n, _ := strconv.Atoi(m[1]); n >= 1 && n <= len(ans.Citations) {
				return &ans.Citations[n-1]
			}
		}
	}
	return &ans.Citations[0]
}

// markerRE matches a summary's citation marker, as Ask writes them: [1].
var markerRE = regexp.MustCompile(`\[(\d+)\]`)

// rankedPassages is the retrieval and ranking of Ask, n passages deep, as
// the passages eval judges.
func rankedPassages(ctx context.Context, a Answerer, question string, n int) ([]bot.Citation, error) {
	_, cands, err := a.Rank(ctx, question, n)
	if err != nil {
		return nil, err
	}
	out := make([]bot.Citation, len(cands))
	for i, c := range cands {
		h := c.Hit
		out[i] = bot.Citation{ArticleID: h.Passage.ArticleID, PassageID: h.Passage.ID, Title: h.Title, Text: h.Passage.Text, Score: h.Score}
	}
	return out, nil
}
