package eval

import (
	"math"
	"newsdesk/bot"
	"slices"
)

// sums accumulates the per-question scores behind an Report.
type sums struct {
	questions             int
	passageN, hit1, hit5  float64
	answerN, sentence     float64
	articleN              float64
	r1, r5, rk, mrr, ndcg float64
}

// add scores one question: cited is the passage Ask cited first (nil when
// it gave no answer), answer the quoted text, ranked the passages best
// first. It reports whether the cited passage is right.
func (m *sums) add(q Question, cited *bot.Citation, answer string, ranked []bot.Citation, k int) bool {
	m.questions++
	hit1 := false
	if len(q.Answers) > 0 || len(q.Articles) > 0 {
		m.passageN++
		hit1 = cited != nil && q.Right(*cited)
		if hit1 {
			m.hit1++
		}
		for _, c := range ranked[:min(5, len(ranked))] {
			if q.Right(c) {
				m.hit5++
				break
			}
		}
	}
	if len(q.Answers) > 0 {
		m.answerN++
		if cited != nil && containsAny(answer, q.Answers) {
			m.sentence++
		}
	}
	if len(q.Articles) > 0 {
		m.articleN++
		arts := articleOrder(ranked)
		m.r1 += recall(arts, q.Articles, 1)
		m.r5 += recall(arts, q.Articles, 5)
		m.rk += recall(arts, q.Articles, k)
		for i, id := range arts[:min(k, len(arts))] {
			if slices.Contains(q.Articles, id) {
				m.mrr += 1 / float64(i+1)
				break
			}
		}
		m.ndcg += ndcg(arts, q.Articles, 10)
	}
	return hit1
}

func (m *sums) report() Report {
	div := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	return Report{
		Questions: m.questions,
		Hit1:      div(m.hit1, m.passageN), Hit5: div(m.hit5, m.passageN),
		SentenceAccuracy: div(m.sentence, m.answerN),
		WithAnswers:      int(m.answerN),
		WithArticles:     int(m.articleN),
		Recall1:          div(m.r1, m.articleN), Recall5: div(m.r5, m.articleN), RecallK: div(m.rk, m.articleN),
		MRR: div(m.mrr, m.articleN), NDCG10: div(m.ndcg, m.articleN),
	}
}

// articleOrder lists the articles of ranked passages, each at the rank of
// its best passage.
func articleOrder(ranked []bot.Citation) []string {
	var out []string
	for _, c := range ranked {
		if !slices.Contains(out, c.ArticleID) {
			out = append(out, c.ArticleID)
		}
	}
	return out
}

// recall is the share of the relevant articles among the first n.
func recall(ranked, relevant []string, n int) float64 {
	found := 0
	for _, id := range ranked[:min(n, len(ranked))] {
		if slices.Contains(relevant, id) {
			found++
		}
	}
	return float64(found) / float64(len(relevant))
}

// ndcg is the normalized discounted cumulative gain at n with binary
// relevance, as BEIR (pytrec_eval) computes it.
func ndcg(ranked, relevant []string, n int) float64 {
	var dcg, ideal float64
	for i, id := range ranked[:min(n, len(ranked))] {
		if slices.Contains(relevant, id) {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	for i := range min(n, len(relevant)) {
		ideal += 1 / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}
