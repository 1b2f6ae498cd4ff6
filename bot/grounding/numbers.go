package grounding

import (
	"fmt"
	"math"
	"newsdesk/corpus/figures"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// digitRunRE matches a run of digits with its decimal or thousands separators.
var digitRunRE = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// passageFacts is what a passage offers to back a number.
type passageFacts struct {
	text    string
	figures []figures.Figure
	numbers []float64
}

// checkNumbers checks every number of the answer against the passages its
// sentence cites.
func checkNumbers(masked string, sentences []textSpan, cites [][]int, passages []Passage) error {
	facts := make([]*passageFacts, len(passages))
	factsOf := func(n int) *passageFacts {
		if facts[n-1] == nil {
			p := passages[n-1]
			t := strings.Join([]string{StripInvisible(p.Title), p.Published, StripInvisible(p.Text)}, "\n")
			facts[n-1] = &passageFacts{text: t, figures: figures.Extract(t), numbers: numbersIn(t)}
		}
		return facts[n-1]
	}
	sentenceOf := func(off int) int {
		for i, s := range sentences {
			if off >= s.start && off < s.end {
				return i
			}
		}
		return len(sentences) - 1
	}

	figs := figures.Extract(masked)
	for _, f := range figs {
		ok := false
		for _, n := range cites[sentenceOf(f.Start)] {
			if figureBacked(f, factsOf(n)) {
				ok = true
				break
			}
		}
		if !ok {
			return &Error{Check: CheckNumber, Detail: fmt.Sprintf("%q not in %s", f.Text, markerList(cites[sentenceOf(f.Start)]))}
		}
	}
	for _, loc := range digitRunRE.FindAllStringIndex(masked, -1) {
		if slices.ContainsFunc(figs, func(f figures.Figure) bool { return loc[0] < f.End && f.Start < loc[1] }) {
			continue
		}
		v, okv := parseDigitRun(masked[loc[0]:loc[1]])
		ok := false
		for _, n := range cites[sentenceOf(loc[0])] {
			pf := factsOf(n)
			if (okv && slices.ContainsFunc(pf.numbers, func(w float64) bool { return sameValue(v, w) })) ||
				containsNumber(pf.text, masked[loc[0]:loc[1]]) {
				ok = true
				break
			}
		}
		if !ok {
			return &Error{Check: CheckNumber, Detail: fmt.Sprintf("%q not in %s", masked[loc[0]:loc[1]], markerList(cites[sentenceOf(loc[0])]))}
		}
	}
	return nil
}

// figureBacked reports whether a passage holds figure f, by value or verbatim.
func figureBacked(f figures.Figure, p *passageFacts) bool {
	for _, g := range p.figures {
		if sameFigure(f, g) {
			return true
		}
	}
	if strings.ContainsFunc(f.Text, unicode.IsDigit) {
		return containsNumber(p.text, f.Text)
	}
	return containsWords(p.text, f.Text)
}

// containsWords reports whether words ("two thirds") occur in text, ignoring
// case, as whole words.
func containsWords(text, words string) bool {
	text, words = strings.ToLower(text), strings.ToLower(strings.TrimSpace(words))
	if words == "" {
		return false
	}
	return occursBetween(text, words, func(before, after string) bool {
		b, _ := utf8.DecodeLastRuneInString(before)
		a, _ := utf8.DecodeRuneInString(after)
		return (before == "" || !isWordRune(b)) && (after == "" || !isWordRune(a))
	})
}

// occursBetween reports whether s occurs in text at a place where
// fits(text before it, text after it) holds.
func occursBetween(text, s string, fits func(before, after string) bool) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], s)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(s)
		if fits(text[:start], text[end:]) {
			return true
		}
		i = start + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// sameFigure compares normalized figures: equal values, percentages only with
// percentages, scores only with the same score, and units equal when both
// are stated.
func sameFigure(a, b figures.Figure) bool {
	if (a.Kind == figures.Percent) != (b.Kind == figures.Percent) {
		return false
	}
	if a.Kind == figures.Score || b.Kind == figures.Score {
		// a score's value is its first number only: "18-3" is not "18 players"
		return a.Kind == b.Kind && a.Unit == b.Unit
	}
	if a.Unit != "" && b.Unit != "" && !strings.EqualFold(a.Unit, b.Unit) {
		return false
	}
	return sameValue(a.Value, b.Value)
}

func sameValue(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// containsNumber reports whether s occurs in text not as part of a longer
// number: "50" is in "€50 billion" but not in "150" or "50.5".
func containsNumber(text, s string) bool {
	if s == "" {
		return false
	}
	return occursBetween(text, s, func(before, after string) bool {
		return !digitJoined(before, true) && !digitJoined(after, false)
	})
}

// digitJoined reports whether the text beside a match continues the number:
// a digit, or a separator followed by a digit.
func digitJoined(side string, before bool) bool {
	if side == "" {
		return false
	}
	if before {
		r, n := utf8.DecodeLastRuneInString(side)
		if unicode.IsDigit(r) {
			return true
		}
		if r == '.' || r == ',' {
			r2, _ := utf8.DecodeLastRuneInString(side[:len(side)-n])
			return unicode.IsDigit(r2)
		}
		return false
	}
	r, n := utf8.DecodeRuneInString(side)
	if unicode.IsDigit(r) {
		return true
	}
	if r == '.' || r == ',' {
		r2, _ := utf8.DecodeRuneInString(side[n:])
		return unicode.IsDigit(r2)
	}
	return false
}

// numbersIn returns the values of the digit runs in text.
func numbersIn(text string) []float64 {
	var out []float64
	for _, m := range digitRunRE.FindAllString(text, -1) {
		if v, ok := parseDigitRun(m); ok {
			out = append(out, v)
		}
	}
	return out
}

// thousandsRE matches digits grouped by thousands commas: "1,000,000".
var thousandsRE = regexp.MustCompile(`^\d{1,3}(?:,\d{3})+$`)

// parseDigitRun reads "1,000", "2.5" or "2019"; other shapes ("1.2.3") fail.
func parseDigitRun(s string) (float64, bool) {
	if thousandsRE.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}
