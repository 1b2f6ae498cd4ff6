package figures

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/corpus/split"
)

// qualifiers are the words that hedge a figure, longest first so that "just
// over" wins over "over".
var qualifiers = []string{
	"no more than", "in excess of", "as many as", "as much as", "an estimated", "approximately",
	"just over", "just under", "well over", "well above", "well below", "more than", "less than",
	"fewer than", "upwards of", "close to", "at least", "at most", "roughly", "nearly", "almost",
	"around", "about", "above", "below", "under", "over", "up to", "approx.", "some",
}

// context fills in the qualifier, subject, period and sentence of every
// figure. Figures are sorted by Start.
func (x *extraction) context() {
	sents := split.SentenceSpans(x.text) // the sentences split.Sentences returns
	periods := x.periods()
	prevEnd := 0
	for i := range x.figs {
		f := &x.figs[i]
		ss, se := 0, len(x.text)
		if k := sort.Search(len(sents), func(k int) bool { return sents[k].End > f.Start }); k < len(sents) && sents[k].Start <= f.Start {
			ss, se = sents[k].Start, sents[k].End
		}
		f.Sentence = strings.TrimSpace(x.text[ss:se])
		if f.Kind == Year || f.Kind == Date {
			prevEnd = f.End
			continue
		}
		x.qualify(f, max(prevEnd, ss))
		if f.Subject == "" {
			f.Subject = x.subject(f, ss, se)
		}
		lo := sort.Search(len(periods), func(k int) bool { return periods[k].start >= ss })
		hi := sort.Search(len(periods), func(k int) bool { return periods[k].start >= se })
		f.Period = periodOf(x.text, f, periods[lo:hi], ss, se)
		prevEnd = f.End
	}
}

// qualify moves the qualifier written just before f into it.
func (x *extraction) qualify(f *Figure, lo int) {
	if lo > f.Start {
		return
	}
	before := strings.TrimRight(x.text[lo:f.Start], " \t\u00a0")
	for _, q := range qualifiers {
		if len(before) < len(q) {
			continue
		}
		at := len(before) - len(q)
		if !strings.EqualFold(before[at:], q) {
			continue
		}
		if at > 0 {
			r, _ := utf8.DecodeLastRuneInString(before[:at])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				continue
			}
		}
		start := lo + at
		f.Qualifier = x.text[start : start+len(q)]
		f.Start = start
		f.Text = x.text[f.Start:f.End]
		return
	}
}

// subjectStop are words that cannot be part of a subject noun phrase: the
// function words, words of time, verbs of change, connectives ("84%
// because of costs") and comparatives ("closed 24% higher").
var subjectStop = setOf(`year years month months week weeks quarter quarters day days ago earlier later
last next previous annually today yesterday now share apiece respectively alone overall first second
third fourth final half paid made gave took won lost rose fell grew sank spent sold bought cost hit set
put got saw sent pay pays get gets give gives take takes reach reaches
because although though whereas unless despite amid against versus vs compared thanks due ahead
higher lower bigger smaller larger greater cheaper dearer stronger weaker better worse`)

var (
	beForms     = setOf(`is was were are been be`)
	auxiliaries = setOf(`has have had will would could should may might must`)
)

// subjectWord reports whether token t can be part of a subject noun phrase.
func subjectWord(t token) bool {
	if t.kind != 'w' || functionWords[t.low] || subjectStop[t.low] || months[t.low] > 0 {
		return false
	}
	if strings.HasSuffix(t.low, "ed") || strings.HasSuffix(t.low, "ly") {
		return false
	}
	return true
}

// subject finds what a money, percent or quantity figure is about, in this
// order: the noun phrase right after it ("a $300 million contract"), the
// noun phrase after "in", "of", "for" or "on" ("€50 billion in support",
// "60 percent of this total"), the noun phrase before "of" ("compensation of
// £90 million"), or the noun phrase before the verb ("net interest income
// sank 27%").
func (x *extraction) subject(f *Figure, ss, se int) string {
	toks := x.toks
	e := sort.Search(len(toks), func(k int) bool { return toks[k].s >= f.End })
	b := sort.Search(len(toks), func(k int) bool { return toks[k].s >= f.Start }) - 1
	phrase := func(i, j int) string { // tokens [i, j)
		if i >= j {
			return ""
		}
		return x.text[toks[i].s:toks[j-1].e]
	}
	forward := func(k, limit int) int {
		j := k
		for j < len(toks) && j-k < limit && toks[j].e <= se && subjectWord(toks[j]) && !toks[j].nl {
			if j+1 < len(toks) && !toks[j+1].gap && toks[j+1].kind == 'n' {
				break // "Q4", "G7": a name, not a noun
			}
			j++
		}
		return j
	}
	if f.Kind == Quantity {
		// only "10 tonnes of grain": words after a measurement are rarely what it measures
		if e+1 < len(toks) && toks[e].low == "of" && toks[e].e <= se {
			if j := forward(e+1, 3); j > e+1 {
				return phrase(e+1, j)
			}
		}
		return ""
	}
	if e < len(toks) && toks[e].e <= se && !toks[e].nl {
		if subjectWord(toks[e]) && toks[e].gap && toks[e].raw == toks[e].low {
			if j := forward(e, 3); j > e {
				return phrase(e, j)
			}
		}
		switch toks[e].low {
		case "in", "of", "for", "on":
			k := e + 1
			if k < len(toks) && (toks[k].low == "the" || toks[k].low == "a" || toks[k].low == "an") {
				k++
			}
			first := k
			if k < len(toks) && (toks[k].low == "this" || toks[k].low == "that" || toks[k].low == "these" || toks[k].low == "those") {
				k++
			}
			if j := forward(k, 4); j > k {
				return phrase(first, j)
			}
		}
	}
	if b < 0 || toks[b].s < ss {
		return ""
	}
	backward := func(k int) string {
		i := k
		for i >= 0 && k-i < 4 && toks[i].s >= ss && subjectWord(toks[i]) && !toks[i+1].nl {
			i--
		}
		return phrase(i+1, k+1)
	}
	if toks[b].low == "of" {
		return backward(b - 1)
	}
	if toks[b].kind == 'w' && !functionWords[toks[b].low] && toks[b].raw == toks[b].low && b > 0 {
		return backward(b - 1)
	}
	// "Growth was -0.5%", "costs have been $5m"
	if beForms[toks[b].low] {
		for b > 0 && (beForms[toks[b].low] || auxiliaries[toks[b].low]) {
			b--
		}
		return backward(b)
	}
	return ""
}

// periodOf picks the period a figure refers to among those stated in its
// sentence: one after it in the same clause ("€35 billion … for 2025"),
// else one before it in the same clause ("the 1988 quarter … $35 million"),
// else one that opens the sentence ("In 2024, allies provided …").
func periodOf(text string, f *Figure, periods []period, ss, se int) string {
	if p := nearest(periods, func(p period) (int, bool) {
		return p.start - f.End, p.start >= f.End && p.end <= se && !clauseBreak(text[f.End:p.start])
	}); p != "" {
		return p
	}
	if p := nearest(periods, func(p period) (int, bool) {
		return f.Start - p.end, p.end <= f.Start && p.start >= ss && !clauseBreak(text[p.end:f.Start])
	}); p != "" {
		return p
	}
	for _, p := range periods {
		if p.start >= ss && p.end <= f.Start && opensSentence(text[ss:p.start]) {
			return p.text
		}
	}
	return ""
}

// nearest returns the text of the period at the least distance among
// those dist accepts (the first of equals), or "".
func nearest(periods []period, dist func(p period) (int, bool)) string {
	best, bestDist := "", -1
	for _, p := range periods {
		if d, ok := dist(p); ok && (bestDist < 0 || d < bestDist) {
			best, bestDist = p.text, d
		}
	}
	return best
}

// clauseBreak reports whether s crosses a clause boundary: a comma or
// semicolon followed by a space, a colon, or a dash between spaces.
func clauseBreak(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ';', ':':
			return true
		case ',':
			if i+1 >= len(s) || s[i+1] == ' ' {
				return true
			}
		}
	}
	return strings.Contains(s, " — ") || strings.Contains(s, " – ") || strings.Contains(s, " - ")
}

// opensSentence reports whether s, the text from the start of a sentence to
// a period, is only the preposition introducing it: "In ", "During the ".
func opensSentence(s string) bool {
	for _, w := range strings.Fields(s) {
		switch strings.ToLower(strings.Trim(w, "\"“‘'(")) {
		case "in", "during", "for", "by", "since", "through", "throughout", "until", "as", "of", "the",
			"early", "late", "mid", "end", "at", "over", "":
		default:
			return false
		}
	}
	return true
}
