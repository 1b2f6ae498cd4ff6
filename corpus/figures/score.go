package figures

import (
	"fmt"
	"strconv"
)

// Scores. A match result is two whole numbers joined by a hyphen or a
// dash, in a sentence that says a match was played: "Ireland beat South
// Africa 17-12", "a 51-15 defeat", "drew 1-1", "won 6-3 6-4". Its Value is
// the first number and its Unit the result as "17-12". Without a word of
// scoreWords near it, "18-24" is an age band or a range, and is left out.

// scoreWords say that the numbers next to them are a result. Words news
// uses as often for other things ("led to", "leading", "the result") are
// not among them, and "half-time" and "full-time" are read as three tokens.
var scoreWords = setOf(`beat beats beaten beating won win wins winning lost lose loses losing loss losses
defeat defeats defeated victory victories draw draws drew drawn drawing score scores scored scoreline
thrashed thrashing thrash triumph triumphed whitewash rout routed hammered hammering crushed overcame`)

// notScoreBefore are words that make the two numbers an age, a range, a
// page or odds: "aged 18-24", "between 10-20", "pages 10-12", "years 7-9".
// "of" does only after notScoreOf ("odds of 8-1", not "a lead of 2-0").
var (
	notScoreBefore = setOf(`aged ages age between from by ratio rated margin page pages year years grade grades
	chapter chapters verse verses room rooms`)
	notScoreOf = setOf(`odds ages age ratio range scale`)
)

// notScoreAfter are words that make the two numbers a span or a rate:
// "18-24 year olds", "3-4 times", "10-15 per cent".
var notScoreAfter = setOf(`year years month months week weeks day days hour hours minute minutes second seconds
per percent cent times fold vote votes ruling verdict decision split majority service basis`)

// scoreNear is how many words before or after the numbers a word of
// scoreWords may stand, within the sentence: "beat South Africa 17-12",
// "a 4-1 Scottish Cup win".
const scoreNear = 3

// score reads a result at n ("17-12"). It reports false for anything else.
func (x *extraction) score(n number) (int, bool) {
	toks := x.toks
	j := n.j
	if n.words || n.dec || n.grp || len(n.mant) > 3 || j+1 >= len(toks) {
		return n.j, false
	}
	if r := toks[j].raw; (r != "-" && r != "–") || toks[j].gap || toks[j+1].gap {
		return n.j, false
	}
	if x.insideWord(n.i, n.j) {
		return n.j, false // "A320-200", "737-800"
	}
	m, ok := parseNum(toks, j+1)
	if !ok || m.words || m.dec || m.grp || len(m.mant) > 3 {
		return n.j, false
	}
	end := m.j
	if end < len(toks) && !toks[end].gap && (toks[end].kind == 'w' || toks[end].kind == 'n' || toks[end].raw == "-" || toks[end].raw == "%") {
		return n.j, false // "18-24-year-olds", "1-2-3", "10-20%"
	}
	if end < len(toks) && toks[end].kind == 'w' {
		next := toks[end]
		if _, month := monthAt(toks, end); month || notScoreAfter[next.low] || quantityUnits[next.low] != "" ||
			pluralNoun(next.raw) && !scoreWords[next.low] {
			return n.j, false // "5-6 May", "18-24 year olds", "5-10 miles", "20-30 seats"
		}
	}
	if n.i > 0 {
		prev := toks[n.i-1].low
		if notScoreBefore[prev] || prev == "of" && n.i > 1 && notScoreOf[toks[n.i-2].low] {
			return n.j, false
		}
	}
	if !x.scoreWordNear(n.i, end) {
		return n.j, false
	}
	a, _ := strconv.Atoi(n.mant)
	b, _ := strconv.Atoi(m.mant)
	x.add(Figure{Kind: Score, Value: float64(a), Unit: fmt.Sprintf("%d-%d", a, b)}, n.i, end)
	return end, true
}

// scoreWordNear reports whether a word of scoreWords stands within
// scoreNear words of tokens [i, end), in the same sentence.
func (x *extraction) scoreWordNear(i, end int) bool {
	toks := x.toks
	// walk from k by step (-1 back, +1 on) until a sentence ends
	near := func(k, step int) bool {
		for words := 0; k >= 0 && k < len(toks) && words < scoreNear; k += step {
			edge := toks[k] // the token whose line break or stop ends the walk
			if step < 0 {
				edge = toks[k+1]
			}
			if edge.nl || endsSentence(toks[k]) {
				return false
			}
			if toks[k].kind == 'w' {
				if x.scoreWordAt(k) {
					return true
				}
				words++
			}
		}
		return false
	}
	return near(i-1, -1) || near(end, 1)
}

// scoreWordAt reports whether token k is a word of scoreWords, or the
// "time" of "half-time" or "full-time".
func (x *extraction) scoreWordAt(k int) bool {
	toks := x.toks
	if scoreWords[toks[k].low] {
		return true
	}
	return toks[k].low == "time" && k >= 2 && toks[k-1].raw == "-" && !toks[k-1].gap && !toks[k].gap &&
		(toks[k-2].low == "half" || toks[k-2].low == "full")
}

// endsSentence reports whether t is a full stop, question or exclamation
// mark.
func endsSentence(t token) bool { return t.raw == "." || t.raw == "?" || t.raw == "!" }
