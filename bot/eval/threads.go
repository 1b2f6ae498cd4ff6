package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"newsdesk/bot"
)

// ThreadReport is what RunThreads measured: how often each turn of a
// thread was answered from a right passage, and how often all were.
type ThreadReport struct {
	Threads  int     `json:"threads"`
	First    float64 `json:"first_turn_hit@1"`   // the thread's opening question
	FollowUp float64 `json:"follow_up_hit@1"`    // the turns after it
	All      float64 `json:"all_turns_hit@1"`    // threads whose every turn was right
	Sentence float64 `json:"follow_up_sentence"` // follow-ups whose quoted sentence holds an expected answer
	Misses   []Miss  `json:"misses"`             // follow-ups answered from a wrong passage
}

// RunThreads asks every thread as Slack users do: the first turn on its
// own, each later one as a follow-up of the thread (AskOptions.Previous is
// the first question, as the bot keeps it). It returns the first index
// error, or ctx's.
func RunThreads(ctx context.Context, a Answerer, threads []Thread, k int) (ThreadReport, error) {
	var r ThreadReport
	var first, follow, followN, all, sentence int
	for _, th := range threads {
		if err := ctx.Err(); err != nil {
			return ThreadReport{}, err
		}
		r.Threads++
		allRight := true
		article := "" // the article the first answer cited, which the bot keeps for the thread
		for i, turn := range th.Turns {
			opts := bot.AskOptions{K: k, NoLLM: true}
			if i > 0 {
				opts.Previous, opts.Article = th.Turns[0].Question, article
			}
			ans, err := a.Ask(ctx, turn.Question, opts)
			if err != nil && !errors.Is(err, bot.ErrEmptyQuestion) && !errors.Is(err, bot.ErrNothingToSearch) {
				return ThreadReport{}, fmt.Errorf("ask %q: %w", turn.Question, err)
			}
			cited := firstCited(ans)
			if i == 0 && cited != nil {
				article = cited.ArticleID
			}
			right := cited != nil && turn.Right(*cited)
			allRight = allRight && right
			switch {
			case i == 0 && right:
				first++
			case i > 0:
				followN++
				if right {
					follow++
				}
				if cited != nil && containsAny(ans.Answer, turn.Answers) {
					sentence++
				}
				if !right {
					m := Miss{Question: th.Turns[0].Question + " → " + turn.Question, Expected: turn.Answers, Article: strings.Join(turn.Articles, " | "), Kind: MissNoAnswer}
					if cited != nil {
						m.Cited, m.Answer, m.Kind = cited.PassageID, ans.Answer, MissOtherPassage
						if !slices.Contains(turn.Articles, cited.ArticleID) {
							m.Kind = MissOtherArticle
						}
					}
					r.Misses = append(r.Misses, m)
				}
			}
		}
		if allRight {
			all++
		}
	}
	div := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	r.First, r.FollowUp, r.All, r.Sentence = div(first, r.Threads), div(follow, followN), div(all, r.Threads), div(sentence, followN)
	return r, nil
}

// WriteThreadReport prints r for a person, with up to maxMisses misses.
func WriteThreadReport(w io.Writer, r ThreadReport, maxMisses int) error {
	pct := func(x float64) string { return fmt.Sprintf("%5.1f%%", 100*x) }
	b := &strings.Builder{}
	fmt.Fprintf(b, "threads          %d\n", r.Threads)
	fmt.Fprintf(b, "first turn hit@1 %s\n", pct(r.First))
	fmt.Fprintf(b, "follow-up hit@1  %s\n", pct(r.FollowUp))
	fmt.Fprintf(b, "both turns right %s\n", pct(r.All))
	fmt.Fprintf(b, "follow-up sent.  %s   (the quoted sentence holds an expected answer)\n", pct(r.Sentence))
	if len(r.Misses) > 0 {
		fmt.Fprintf(b, "\nfollow-ups missed: %d\n", len(r.Misses))
		for _, m := range r.Misses[:min(maxMisses, len(r.Misses))] {
			fmt.Fprintf(b, "- %s\n  expected: %s (%s)\n", m.Question, strings.Join(m.Expected, " | "), m.Article)
			if m.Cited == "" {
				b.WriteString("  cited:    (no answer)\n")
			} else {
				fmt.Fprintf(b, "  cited:    %s: %q\n", m.Cited, m.Answer)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
