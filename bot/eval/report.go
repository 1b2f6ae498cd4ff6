package eval

import (
	"fmt"
	"io"
	"newsdesk/bot"
	"slices"
	"strings"
)

// Report is what Run measured. The rates are fractions 0–1 over
// the questions that can be judged for them: passage rates over questions
// with expected answers or articles, article rates over questions with
// expected articles, SentenceAccuracy over questions with expected answers.
type Report struct {
	Questions        int     `json:"questions"`
	K                int     `json:"k"`
	Hit1             float64 `json:"hit@1"`
	Hit5             float64 `json:"hit@5"`
	SentenceAccuracy float64 `json:"sentence_accuracy"`
	WithAnswers      int     `json:"questions_with_answers"`  // questions that give answer texts (sentence accuracy is over these)
	WithArticles     int     `json:"questions_with_articles"` // questions that name their articles (the article rates are over these)
	Recall1          float64 `json:"recall@1"`
	Recall5          float64 `json:"recall@5"`
	RecallK          float64 `json:"recall@k"`
	MRR              float64 `json:"mrr"`
	NDCG10           float64 `json:"ndcg@10"`
	Answered         float64 `json:"answered"`        // share of questions given an answer, not "none"
	Unanswerable     int     `json:"unanswerable"`    // questions the articles do not answer (left out of the other rates)
	ConfidentWrong   float64 `json:"confident_wrong"` // share of those given an answer all the same
	LatencyMean      float64 `json:"latency_ms_mean"`
	LatencyP95       float64 `json:"latency_ms_p95"`
	LLM              bool    `json:"llm"`        // answered through the model (Options.LLM)
	Summarized       int     `json:"summarized"` // answers the model wrote
	FellBack         int     `json:"fell_back"`  // answers whose summary was dropped for the extractive one
	Misses           []Miss  `json:"misses"`
}

// Miss is a question whose first cited passage was not right.
type Miss struct {
	Question string   `json:"question"`
	Expected []string `json:"expected"`          // the answer texts, or else the article IDs
	Cited    string   `json:"cited"`             // passage ID cited first, "" when no answer was given
	Answer   string   `json:"answer,omitempty"`  // the quoted answer
	Article  string   `json:"article,omitempty"` // expected article IDs, when answers are given too
	Kind     string   `json:"kind"`              // MissNoAnswer, MissOtherArticle, MissOtherPassage or MissUnknown
	// RightRank is where the first right passage is in the ranking (1 is
	// first), 0 when it is not in the passages ranked for the article rates.
	RightRank int `json:"right_rank"`
}

// Kinds of miss, for Miss.Kind: where to look to mend it.
const (
	MissNoAnswer     = "no-answer"     // nothing was found to answer from
	MissOtherArticle = "other-article" // the answer came from an article that does not answer
	MissOtherPassage = "other-passage" // it came from a right article, from a passage without the answer
	// MissUnknown: the set names no article and no right passage was
	// ranked, so which article would answer is not known.
	MissUnknown = "unknown"
	// MissConfident: the articles do not answer the question, and an answer
	// was given all the same.
	MissConfident = "confident"
)

// classifyMiss tells what kind of miss citing cited is for q, given the
// ranking. When q names no articles, the right ones are those of the right
// passages ranked.
func classifyMiss(q Question, cited *bot.Citation, ranked []bot.Citation) (kind string, rightRank int) {
	articles := q.Articles
	for i, c := range ranked {
		if !q.Right(c) {
			continue
		}
		if rightRank == 0 {
			rightRank = i + 1
		}
		if len(q.Articles) == 0 {
			articles = append(articles, c.ArticleID)
		}
	}
	switch {
	case cited == nil:
		return MissNoAnswer, rightRank
	case len(articles) == 0:
		return MissUnknown, rightRank
	case slices.Contains(articles, cited.ArticleID):
		return MissOtherPassage, rightRank
	default:
		return MissOtherArticle, rightRank
	}
}

// WriteReport prints r for a person: the metrics, then up to maxMisses
// misses. It returns the first write error.
func WriteReport(w io.Writer, r Report, maxMisses int) error {
	pct := func(x float64) string { return fmt.Sprintf("%5.1f%%", 100*x) }
	b := &strings.Builder{}
	fmt.Fprintf(b, "questions        %d\n", r.Questions)
	if r.LLM {
		fmt.Fprintf(b, "model answers    %d written by the model, %d fell back to the quote (a failed check or no answer from the model), %d not asked (nothing found)\n",
			r.Summarized, r.FellBack, r.Questions-r.Summarized-r.FellBack)
		fmt.Fprintf(b, "passage hit@1    %s   (the passage the answer cites first holds an expected answer)\n", pct(r.Hit1))
	} else {
		fmt.Fprintf(b, "passage hit@1    %s   (the cited passage holds an expected answer)\n", pct(r.Hit1))
	}
	fmt.Fprintf(b, "passage hit@5    %s\n", pct(r.Hit5))
	if r.WithAnswers > 0 {
		held := "the quoted sentence(s) hold"
		if r.LLM {
			held = "the summary or quote holds"
		}
		fmt.Fprintf(b, "sentence acc.    %s   (%s an expected answer)\n", pct(r.SentenceAccuracy), held)
	} else {
		b.WriteString("sentence acc.      n/a   (the set gives no answer texts)\n")
	}
	fmt.Fprintf(b, "answered         %s   (not \"none\")\n", pct(r.Answered))
	if r.Unanswerable > 0 {
		fmt.Fprintf(b, "confident wrong  %s   (of the %d questions the articles do not answer, answered all the same)\n", pct(r.ConfidentWrong), r.Unanswerable)
	}
	if r.WithArticles > 0 {
		fmt.Fprintf(b, "article recall@1 %s\n", pct(r.Recall1))
		fmt.Fprintf(b, "article recall@5 %s\n", pct(r.Recall5))
		fmt.Fprintf(b, "%-17s%s\n", fmt.Sprintf("article recall@%d", r.K)+" ", pct(r.RecallK))
		fmt.Fprintf(b, "%-17s%.4f\n", fmt.Sprintf("MRR@%d", r.K), r.MRR)
		fmt.Fprintf(b, "nDCG@10          %.4f\n", r.NDCG10)
	} else {
		b.WriteString("article rates      n/a   (the set names no articles)\n")
	}
	fmt.Fprintf(b, "latency          mean %.2f ms, p95 %.2f ms (whole answer path)\n", r.LatencyMean, r.LatencyP95)
	if len(r.Misses) > 0 {
		kinds := map[string]int{}
		for _, m := range r.Misses {
			kinds[m.Kind]++
		}
		fmt.Fprintf(b, "\nmisses: %d (%d from another passage of a right article, %d from another article, %d not answered",
			len(r.Misses), kinds[MissOtherPassage], kinds[MissOtherArticle], kinds[MissNoAnswer])
		if n := kinds[MissConfident]; n > 0 {
			fmt.Fprintf(b, ", %d answered though the articles do not answer", n)
		}
		if n := kinds[MissUnknown]; n > 0 {
			fmt.Fprintf(b, ", %d from an article not known to be wrong", n)
		}
		b.WriteString(")")
		if len(r.Misses) > maxMisses {
			fmt.Fprintf(b, " (first %d listed; --json lists all)", maxMisses)
		}
		b.WriteString("\n")
		for _, m := range r.Misses[:min(maxMisses, len(r.Misses))] {
			fmt.Fprintf(b, "- %s\n  expected: %s\n", m.Question, strings.Join(m.Expected, " | "))
			if m.Cited == "" {
				b.WriteString("  cited:    (no answer)\n")
			} else {
				fmt.Fprintf(b, "  cited:    %s: %q\n", m.Cited, m.Answer)
			}
			if m.Kind == MissConfident {
				continue
			}
			if m.RightRank > 0 {
				fmt.Fprintf(b, "  right:    ranked %d\n", m.RightRank)
			} else {
				b.WriteString("  right:    not among the passages ranked\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
