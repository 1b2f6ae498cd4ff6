package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/bot/rank"
	"newsdesk/index"
)

// holds reports whether passage h may answer question: it holds every
// number the question gives ("2024", "fourth quarter of 2003"), in some
// form. Ask says "I couldn't find this" when no candidate holds: passages
// about another year restate the question's words without its answer.
//
// Names and the kind of figure asked for were measured as further
// conditions and left out: as hard rules they cost more right answers
// (a surname for a full name, a percentage for "what pay rise") than the
// wrong ones they stopped (docs/quality.md).
func (a *Answerer) holds(h index.Hit, q *rank.Query, question string) bool {
	numbers := a.numbers(question)
	if len(numbers) == 0 {
		return true
	}
	in := map[string]bool{}
	for _, t := range a.lib.Terms(h.Passage.Text) {
		in[t] = true
	}
	for _, t := range numbers {
		if !in[t] && !anyIn(q.Alt[t], in) {
			return false
		}
	}
	return true
}

func anyIn(terms []string, set map[string]bool) bool {
	for _, t := range terms {
		if set[t] {
			return true
		}
	}
	return false
}

// numbers are the search terms of the numbers a question gives.
func (a *Answerer) numbers(question string) []string {
	var out []string
	for _, w := range strings.Fields(SearchText(question)) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsDigit(r) {
			out = append(out, a.lib.Terms(w)...)
		}
	}
	return out
}
