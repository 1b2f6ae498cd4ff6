package answer

import (
	"slices"
	"strings"
	"unicode"

	"newsdesk/corpus/split"

	"newsdesk/corpus/figures"
	"newsdesk/index"
)

// expectation is the kind of answer a question asks for: "how much" wants
// an amount, "what share" a percentage, "who" a name. News ledes often
// restate a question's words without its answer, which sits two paragraphs
// down; knowing what the answer looks like lets the passage and the
// sentence that hold it win.
type expectation struct {
	kinds []figures.Kind // figures that would answer; nil when no figure is asked for
	// counted are the search terms of what "how many" counts ("films" in
	// "How many films compete…?"): a count of something else does not
	// answer. Empty when the question names nothing ("How many were…?").
	counted []string
	name    bool // a person, company or place is asked for
	place   bool // a country, city or other place is asked for ("Which country…?")
	reason  bool // a reason is asked for, in a thread ("why?")
	// cue is the opening that asks for the figure ("how much", "what
	// share"); "" when no words of the question do, or only a word suggests
	// one ("What pay rise…?" may be money or a percentage).
	cue   string
	need  requirement // what a passage must hold to be shown as the answer
	words map[string]bool
	terms func(string) []string // the index's analyzer
}

// Question openings and the figures that answer them. Longer openings come
// first so "how much of" is a share, not an amount.
var figureCues = []struct {
	cue   string
	kinds []figures.Kind
}{
	{"what share", []figures.Kind{figures.Percent}},
	{"what proportion", []figures.Kind{figures.Percent}},
	{"what percentage", []figures.Kind{figures.Percent}},
	{"what percent", []figures.Kind{figures.Percent}},
	{"what fraction", []figures.Kind{figures.Percent}},
	{"how much of", []figures.Kind{figures.Percent, figures.Money}},
	{"by how much", []figures.Kind{figures.Percent, figures.Money, figures.Quantity, figures.Count}},
	{"how much", []figures.Kind{figures.Money, figures.Quantity, figures.Percent}},
	{"how many", []figures.Kind{figures.Count, figures.Quantity}},
	{"how fast", []figures.Kind{figures.Percent, figures.Quantity}},
	{"how far", []figures.Kind{figures.Quantity, figures.Percent}},
	{"how long", []figures.Kind{figures.Quantity, figures.Date, figures.Year}},
	{"how big", []figures.Kind{figures.Quantity, figures.Money, figures.Count}},
	{"how large", []figures.Kind{figures.Quantity, figures.Money, figures.Count}},
	{"how old", []figures.Kind{figures.Quantity, figures.Count}},
	{"what speed", []figures.Kind{figures.Quantity}},
	{"what price", []figures.Kind{figures.Money}},
	{"what was the final score", []figures.Kind{figures.Score}},
	{"what was the score", []figures.Kind{figures.Score}},
	{"by what score", []figures.Kind{figures.Score}},
	{"what score", []figures.Kind{figures.Score}},
	{"what year", []figures.Kind{figures.Year, figures.Date}},
	{"which year", []figures.Kind{figures.Year, figures.Date}},
	{"what date", []figures.Kind{figures.Date}},
	{"when", []figures.Kind{figures.Date, figures.Year}},
}

// moneyWords make a "what" question ask for an amount: "What is the prize
// worth?", "What did Jakarta spend…?".
var moneyWords = []string{"worth", "cost", "costs", "spend", "spent", "price", "paid", "pay", "budget", "revenue", "profit", "profits", "sales", "fine", "fined", "salary", "fee", "fees", "value", "valued", "raise", "raised"}

// nameCues open questions answered by a name.
// Any "which …" question is one too (see whichQuestion).
var nameCues = []string{"who", "whose", "whom", "what company", "what firm", "what country", "what film", "what song", "what is the name", "name the"}

// reasonCues are the words a sentence gives a reason with.
var reasonCues = []string{"because", "blamed", "due to", "owing to", "as a result", "caused by", "reason", "in order to", "so that", "thanks to", "citing", "attributed to", "was hit by", "were hit by"}

// expect reads what question asks for; terms is the index's analyzer.
func expect(question string, terms func(string) []string) expectation {
	e := readExpect(question, terms)
	e.need = require(question, e)
	return e
}

// readExpect is expect without the requirement.
func readExpect(question string, terms func(string) []string) expectation {
	q := strings.ToLower(strings.TrimSpace(question))
	e := expectation{words: map[string]bool{}, terms: terms}
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		e.words[w] = true
	}
	for _, c := range figureCues {
		// "when" opens a question; inside one it joins clauses ("What did
		// Straw say when he…?").
		if !cueAt(q, c.cue) || !strings.HasPrefix(q, c.cue) && (c.cue == "when" || !strings.Contains(q, " "+c.cue+" ")) {
			continue
		}
		rest := q[strings.Index(q, c.cue)+len(c.cue):]
		if strings.HasPrefix(c.cue, "how m") && ratioAsked(rest) {
			return e // "how many times", "how much more likely": answered by "N times", which is no key figure
		}
		e.kinds, e.cue = c.kinds, c.cue
		if c.cue == "how many" {
			e.counted = countedTerms(rest, terms)
		}
		return e
	}
	named := func(c string) bool { return strings.HasPrefix(q, c+" ") || strings.HasPrefix(q, c+"'") }
	if whichQuestion(q) || slices.ContainsFunc(nameCues, named) {
		e.name = true
		e.place = slices.ContainsFunc(placeNouns, func(w string) bool { return e.words[w] })
		// "Who pays for…?" is answered by the sentence with the money,
		// whose payer is often no capitalized name ("a lottery fund").
		for _, w := range []string{"pays", "pay", "paid", "funds", "fund", "funded", "finances", "finance", "financed"} {
			if e.words[w] {
				e.kinds = []figures.Kind{figures.Money}
			}
		}
		return e
	}
	if strings.HasPrefix(q, "what") {
		for _, w := range moneyWords {
			if e.words[w] {
				e.kinds = []figures.Kind{figures.Money}
				break
			}
		}
	}
	return e
}

// ratioAsked reports whether the words after "how many" or "how much" ask
// for a multiple or a frequency: "times…", "more likely…", "less often…".
func ratioAsked(rest string) bool {
	w := strings.Fields(rest)
	switch {
	case len(w) > 0 && w[0] == "times":
		return true
	case len(w) > 1 && (w[0] == "more" || w[0] == "less"):
		switch strings.Trim(w[1], "?.,!") {
		case "likely", "often", "frequently":
			return true
		}
	}
	return false
}

// whichQuestion reports whether q (lower case) asks "which …", alone or
// after a preposition ("in which city").
func whichQuestion(q string) bool {
	if strings.HasPrefix(q, "which ") {
		return true
	}
	for _, p := range []string{"in", "at", "for", "from", "to", "on", "by", "with", "of", "into", "against"} {
		if strings.HasPrefix(q, p+" which ") {
			return true
		}
	}
	return false
}

// countedTerms returns the search terms of the noun phrase that opens rest,
// the words after "how many": up to three words, ending at the verb or
// preposition that follows the noun ("mobile phones are retired…",
// "films compete for…" gives film and compet, one of which is the noun).
func countedTerms(rest string, terms func(string) []string) []string {
	var words []string
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if phraseEnd[w] || len(words) == 3 {
			break
		}
		words = append(words, w)
	}
	return terms(strings.Join(words, " "))
}

// phraseEnd are the words that end the noun phrase after "how many".
var phraseEnd = map[string]bool{
	"are": true, "were": true, "is": true, "was": true, "be": true, "been": true,
	"do": true, "does": true, "did": true, "have": true, "has": true, "had": true,
	"will": true, "would": true, "can": true, "could": true, "should": true, "may": true, "might": true, "must": true,
	"in": true, "of": true, "for": true, "at": true, "on": true, "by": true, "from": true, "to": true, "with": true,
	"that": true, "which": true, "who": true, "than": true,
}

// expectFollowUp is what a follow-up asks for: what its own words ask ("and
// when?": a date), else what the thread's question asked ("and in 2025?"
// after "How much…": an amount). A name in either question is the asker's
// own, not the answer.
func expectFollowUp(previous, question string, terms func(string) []string) expectation {
	e, p := expect(question, terms), expect(previous, terms)
	// In a thread "why?" asks the reason of what was answered: a sentence
	// that gives one is quoted. (For a question on its own the quote model
	// chooses as well without it: measured, the BBC sets lost a sentence.)
	e.reason = asksWhy(question)
	if !e.wants() {
		e.kinds, e.counted, e.name, e.cue = p.kinds, p.counted, p.name, p.cue
	}
	for w := range p.words {
		e.words[w] = true
	}
	// What must be shown is read from the follow-up's own words only: what
	// the thread asked first is not what "and what is its surcharge?" asks.
	return e
}

// wants reports whether the question asks for something recognisable.
func (e expectation) wants() bool { return len(e.kinds) > 0 || e.name || e.reason }

// asksWhy reports whether question asks for a reason.
func asksWhy(question string) bool {
	q := strings.ToLower(strings.TrimSpace(question))
	return q == "why" || strings.HasPrefix(q, "why ") || strings.HasPrefix(q, "why?") || strings.HasPrefix(q, "and why") ||
		strings.Contains(q, "what caused") || strings.Contains(q, "what is the reason")
}

// givesReason reports whether sentence states a reason.
func givesReason(sentence string) bool {
	s := strings.ToLower(sentence)
	return slices.ContainsFunc(reasonCues, func(c string) bool { return strings.Contains(s, c) })
}

// figureLevel rates how well figs answer: 0 when none is of a kind asked
// for, 1 when one is, 2 when one also counts what "how many" counts ("21
// films" for "How many films…?").
func (e expectation) figureLevel(figs []figures.Figure) int {
	level := 0
	for _, f := range figs {
		if !slices.Contains(e.kinds, f.Kind) {
			continue
		}
		level = max(level, 1)
		if e.counts(f) {
			return 2
		}
	}
	return level
}

// placeNouns make a name question ask for a place.
var placeNouns = []string{"country", "countries", "nation", "city", "cities", "capital", "town", "state", "region", "county", "continent"}

// AsksFigure reports whether a kind of figure is asked for.
func (e expectation) AsksFigure() bool { return len(e.kinds) > 0 }

// PassagesFit reports for each hit whether it holds what the question asks
// for, by passageLevel (see bestLevels).
func (e expectation) PassagesFit(hits []index.Hit) []bool {
	levels := make([]int, len(hits))
	for i, h := range hits {
		levels[i] = e.passageLevel(h)
	}
	return bestLevels(levels)
}

// passageLevel rates how well a passage answers: its figureLevel when a
// figure is asked for; when a name is, 1 when one of its sentences names
// someone the question does not ("Who scored twice for Dundee United…?":
// the lede names only the teams of the question, the paragraph below it
// the scorer).
func (e expectation) passageLevel(h index.Hit) int {
	if len(e.kinds) > 0 {
		return e.figureLevel(h.Figures)
	}
	// newName does not count places, so for a question asking for one it
	// would promote a passage naming anyone over the one naming the place.
	if e.name && !e.place {
		for _, s := range split.Sentences(h.Passage.Text) {
			if e.newName(s) {
				return 1
			}
		}
	}
	return 0 // a reason ranks no passage (see quoteFit)
}

// counts reports whether f's subject or unit shares a term with what the
// question counts.
func (e expectation) counts(f figures.Figure) bool {
	if len(e.counted) == 0 {
		return false
	}
	for _, t := range e.terms(f.Subject + " " + f.Unit) {
		if slices.Contains(e.counted, t) {
			return true
		}
	}
	return false
}

// bestLevels marks the items whose level is the highest, when that is
// above 0: a count of what the question counts fits, and other counts do
// not, when one of the items holds it; when none does ("How many died…?"
// against "12 people died"), any count fits.
func bestLevels(levels []int) []bool {
	top := 0
	for _, l := range levels {
		top = max(top, l)
	}
	out := make([]bool, len(levels))
	for i, l := range levels {
		out[i] = top > 0 && l == top
	}
	return out
}

// SentencesFit reports for each of a passage's sentences whether it holds
// what the question asks for: a figure of a wanted kind (see bestLevels),
// or a name that is not in the question.
func (e expectation) SentencesFit(sents []string) []bool {
	if len(e.kinds) > 0 {
		levels := make([]int, len(sents))
		for i, s := range sents {
			levels[i] = e.figureLevel(figures.Extract(s))
		}
		return bestLevels(levels)
	}
	out := make([]bool, len(sents))
	if e.name {
		for i, s := range sents {
			out[i] = e.newName(s)
		}
	}
	return out
}

// quoteFit is SentencesFit for choosing the sentence to quote, where a
// reason counts too. (A reason is no ranking signal: "after" and "since"
// are in too many passages; measured, two BBC blind questions lost.)
func (e expectation) quoteFit(sents []string) []bool {
	fits := e.SentencesFit(sents)
	if e.reason {
		for i, s := range sents {
			fits[i] = givesReason(s)
		}
	}
	return fits
}
