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

// scoreWords say that the numbers near them are a result.
var scoreWords = setOf(`beat beats beaten beating won win wins winning lost lose loses losing loss losses
defeat defeats defeated victory victories draw draws drew drawn drawing lead leads led leading trail trails
trailed trailing score scores scored scoreline thrashed thrashing thrash triumph triumphed edged edge
half-time halftime whitewash rout routed hammered hammering crushed overcame final result`)

// notScoreBefore are words that make the two numbers an age, a range or
// odds: "aged 18-24", "between 10-20", "odds of 8-1".
var notScoreBefore = setOf(`aged ages age between from odds of by ratio rated margin`)

// notScoreAfter are words that make the two numbers a span or a rate:
// "18-24 year olds", "3-4 times", "10-15 per cent".
var notScoreAfter = setOf(`year years month months week weeks day days hour hours minute minutes second seconds
per percent cent times fold`)

// scoreNear is how many words before or after the numbers a word of
// scoreWords may stand, within the sentence.
const scoreNear = 8

// score reads a result at n ("17-12"). It reports false for anything else.
func (x *extraction) score(n number) (int, bool) {
	toks := x.toks
	j := n.j
	if n.words || n.dec || n.grp || len(n.mant) > 3 || j+1 >= len(toks) {
		return n.j, false
	}
	if r := toks[j].raw; r != "-" && r != "–" || toks[j].gap || toks[j+1].gap {
		return n.j, false
	}
	m, ok := parseNum(toks, j+1)
	if !ok || m.words || m.dec || m.grp || len(m.mant) > 3 {
		return n.j, false
	}
	end := m.j
	if end < len(toks) && !toks[end].gap && (toks[end].kind == 'w' || toks[end].kind == 'n' || toks[end].raw == "-" || toks[end].raw == "%") {
		return n.j, false // "18-24-year-olds", "1-2-3", "10-20%"
	}
	if end < len(toks) && (notScoreAfter[toks[end].low] || quantityUnits[toks[end].low] != "") {
		return n.j, false // "18-24 year olds", "5-10 miles"
	}
	if n.i > 0 && notScoreBefore[toks[n.i-1].low] {
		return n.j, false
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
	for k, words := i-1, 0; k >= 0 && words < scoreNear; k-- {
		if endsSentence(toks[k]) || toks[k+1].nl {
			break
		}
		if toks[k].kind == 'w' {
			if scoreWords[toks[k].low] {
				return true
			}
			words++
		}
	}
	for k, words := end, 0; k < len(toks) && words < scoreNear; k++ {
		if toks[k].nl || endsSentence(toks[k]) {
			break
		}
		if toks[k].kind == 'w' {
			if scoreWords[toks[k].low] {
				return true
			}
			words++
		}
	}
	return false
}

// endsSentence reports whether t is a full stop, question or exclamation
// mark.
func endsSentence(t token) bool { return t.raw == "." || t.raw == "?" || t.raw == "!" }
