package answer

import (
	"context"
	"regexp"
	"slices"
	"strconv"

	"newsdesk/bot"
	"newsdesk/bot/rank"
)

// summarize asks the Summarizer to answer from the first passages of cands
// that cover enough of the question and, when its summary passes, makes ans
// that summary. Otherwise ans stays extractive and says why in Fallback.
func (a *Answerer) summarize(ctx context.Context, ans *bot.Answer, cands []rank.Candidate) {
	var given []bot.Citation
	for _, c := range cands {
		if len(given) == summarizeN || c.Coverage < rank.MinCoverage {
			break
		}
		given = append(given, cite(c.Hit))
	}
	s, err := a.sum.Summarize(ctx, ans.Question, given)
	if err != nil {
		ans.Fallback = "the summary was not shown: " + bot.FallbackReason(err)
		a.log.Warn("summary dropped; answering extractively", "question", ans.Question, "err", err)
		return
	}
	text, cited := renumber(s.Text, s.Cited, given)
	ans.Mode = bot.LLM
	ans.Answer = text
	ans.Model = s.Model
	ans.Citations = cited
	ans.Related = []bot.Citation{}
}

var markerRE = regexp.MustCompile(`\[(\d+)\]`)

// renumber keeps the passages a summary cites, in marker order, and rewrites
// the markers so [n] is the n-th citation of the answer.
func renumber(text string, cited []int, given []bot.Citation) (string, []bot.Citation) {
	used := slices.Clone(cited)
	slices.Sort(used)
	used = slices.Compact(used)
	newNum := map[int]int{}
	var out []bot.Citation
	for _, m := range used {
		if m >= 1 && m <= len(given) {
			out = append(out, given[m-1])
			newNum[m] = len(out)
		}
	}
	text = markerRE.ReplaceAllStringFunc(text, func(s string) string {
		m, _ := strconv.Atoi(s[1 : len(s)-1])
		if n, ok := newNum[m]; ok {
			return "[" + strconv.Itoa(n) + "]"
		}
		return s
	})
	return text, out
}
