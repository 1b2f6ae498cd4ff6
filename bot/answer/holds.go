package answer

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/bot/rank"
	"newsdesk/corpus/split"
	"newsdesk/index"
)

// holds reports whether passage h holds what question asks for, so that it
// may be shown as the answer rather than as a related passage:
//   - a question asking for a figure ("how much", "how many", "what share")
//     needs a sentence with a figure of that kind;
//   - every name and number the question gives ("Opera", "UK", "2024",
//     "December") must be in the passage or its article's title, in some
//     form: a passage on another company, country or year restates the
//     question's words without its answer.
//
// A question the articles do not answer then gets "I couldn't find this"
// and the closest passages, not a confident wrong answer.
func (a *Answerer) holds(ctx context.Context, h index.Hit, q *rank.Query, e expectation, question string) bool {
	if e.cued && !anyTrue(e.SentencesFit(split.Sentences(h.Passage.Text))) {
		return false
	}
	names, numbers := a.specifics(question)
	if len(names)+len(numbers) == 0 {
		return true
	}
	inPassage := a.termSet(h.Passage.Text)
	for _, t := range numbers {
		if !has(inPassage, q, t) {
			return false // another year, another quarter
		}
	}
	// A name may be given once, where the article starts, and not again
	// in the paragraph that answers: the title and the first passage count.
	var around map[string]bool
	for _, name := range names {
		if slices.ContainsFunc(name, func(t string) bool { return has(inPassage, q, t) }) {
			continue
		}
		if around == nil {
			around = a.termSet(h.Title + "\n" + a.firstPassage(ctx, h.Passage.ArticleID))
		}
		if !slices.ContainsFunc(name, func(t string) bool { return has(around, q, t) }) {
			return false
		}
	}
	return true
}

// has reports whether t, or another form of it, is in terms.
func has(terms map[string]bool, q *rank.Query, t string) bool {
	return terms[t] || slices.ContainsFunc(q.Alt[t], func(o string) bool { return terms[o] })
}

func (a *Answerer) termSet(text string) map[string]bool {
	out := map[string]bool{}
	for _, t := range a.lib.Terms(text) {
		out[t] = true
	}
	return out
}

// firstPassage is the text of an article's first passage, "" when it
// cannot be read.
func (a *Answerer) firstPassage(ctx context.Context, article string) string {
	pr, ok := a.lib.(passageReader)
	if !ok {
		return ""
	}
	hits, err := pr.Passages(ctx, []string{article + "#1"}, "")
	if err != nil || len(hits) == 0 {
		return ""
	}
	return hits[0].Passage.Text
}

// specifics are what pins a question down: its names (runs of capitalised
// words after the first word, each run as its search terms: any one of
// them names it, "Blair" for "Tony Blair") and its numbers.
func (a *Answerer) specifics(question string) (names [][]string, numbers []string) {
	var run []string
	flush := func() {
		if len(run) > 0 {
			names = append(names, run)
			run = nil
		}
	}
	for i, w := range strings.Fields(SearchText(question)) {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsDigit(r):
			flush()
			numbers = append(numbers, a.lib.Terms(w)...)
		case unicode.IsUpper(r) && (i > 0 || !startsQuestion(question, w)):
			run = append(run, a.lib.Terms(w)...)
		default:
			flush()
		}
	}
	flush()
	return names, numbers
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}
