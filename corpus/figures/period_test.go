package figures

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// periodRe and monthPeriodRe state what the hand-written period matchers
// find (figure_period.go); the tests check that the two agree.
var (
	periodRe      = regexp.MustCompile(`(?i)\b(?:(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+(?:quarter|half)(?:\s+of\s+\d{4}|\s+\d{4})?|Q[1-4](?:\s+\d{4})?|H[12](?:\s+\d{4})?|fiscal(?:\s+year)?\s+\d{4}|(?:this|last|next|previous|past)\s+(?:year|quarter|month|week))\b`)
	monthPeriodRe = regexp.MustCompile(`\b(?:in|during|for|since|by|until)\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b`)
)

// periodsByRegexp returns the spans periodRe and monthPeriodRe find in s, in
// the order appendPeriodPhrases and appendMonthPeriods report them.
func periodsByRegexp(s string) [][2]int {
	var out [][2]int
	for _, m := range periodRe.FindAllStringIndex(s, -1) {
		out = append(out, [2]int{m[0], m[1]})
	}
	for _, m := range monthPeriodRe.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, [2]int{m[2], m[3]})
	}
	return out
}

func periodsByHand(s string) [][2]int {
	x := &extraction{text: s, toks: tokenize(s)}
	var out [][2]int
	for _, p := range x.appendMonthPeriods(appendPeriodPhrases(nil, s)) {
		if s[p.start:p.end] != p.text {
			return nil
		}
		out = append(out, [2]int{p.start, p.end})
	}
	return out
}

func checkPeriodsAsRegexp(t *testing.T, s string) {
	t.Helper()
	// (?i) also folds "ſ" to "s" and the Kelvin sign to "k"; the matcher
	// reads ASCII letters only.
	if strings.ContainsAny(s, "\u017f\u212a") {
		return
	}
	if got, want := periodsByHand(s), periodsByRegexp(s); !reflect.DeepEqual(got, want) {
		t.Errorf("periods in %q = %v; want %v (as the regexp)", s, got, want)
	}
}

func TestPeriodsAsRegexp(t *testing.T) {
	for _, s := range []string{
		"", "Q4", "q4 2024", "Q42024", "Q4_", "Q5", "xQ4", "éQ4", "H1 2023 and H2", "H3",
		"in the fourth quarter of 2024 profits rose", "FIRST HALF OF 2019", "first half of 20245",
		"first quarter offset", "first\t\tquarter\n2024", "first\u00a0quarter", "firstquarter", "1st quarter 2024.5",
		"12.3rd quarter", "last quarterly", "last quarter", "last year", "last years", "past week,", "previous month.",
		"fiscal 2024", "fiscal year 2024", "fiscal year2024", "Fiscal yearly 2024", "fiscal  2024_",
		"in March", "since  May, and during\nDecember", "in Mayfair", "in Mayé", "within May", "in\u00a0May",
		"main March", "by June 2024", "until July.", "For March", "for March", "In March",
		"this year's second half", "Q1 Q2 Q3 Q4", "the second quarter 2024 2025",
	} {
		checkPeriodsAsRegexp(t, s)
	}
	// texts made of the pieces the patterns are built from
	pieces := []string{"first", "FIRST", "Quarter", "half", "of", "2024", "20245", "_", "x", "é", " ", "  ",
		"\t", "\n", "\u00a0", "Q4", "q3", "h2", "H3", "fiscal", "year", "years", "last", "past", "this", "month",
		"week", "weekly", "1st", "3rd", "in", "March", "May", "since", ".", "-", "3"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(7) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		checkPeriodsAsRegexp(t, b.String())
	}
}

func FuzzPeriods(f *testing.F) {
	for _, s := range []string{"in the fourth quarter of 2024", "Q4 2024", "fiscal year 2024", "since May", "last year"} {
		f.Add(s)
	}
	f.Fuzz(checkPeriodsAsRegexp)
}
