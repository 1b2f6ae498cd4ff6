package grounding

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// citeMarkerRE matches a citation marker: [1], [ 2 ], or a list [1, 3].
var citeMarkerRE = regexp.MustCompile(`\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]`)

// markerGroup is a run of markers with only spaces and commas between them:
// "[1][2]", "[1], [3]", "[1, 3]".
type markerGroup struct {
	start, end int   // byte span in the answer
	ns         []int // passage numbers, 1-based, as written
}

// Passage is what a summary's [n] marker cites: the n-th passage given to
// the model. A number of the summary is backed when the title, the date or
// the text holds it.
type Passage struct {
	Title     string
	Published string // YYYY-MM-DD, or ""
	Text      string
}

// Check parses a model's answer and checks it against the passages it was
// given. It returns the cleaned answer, with each marker group rewritten as
// "[1][2]", and the markers in order of first use. A failed check is an
// *Error, which matches ErrUngrounded.
//
// The checks, in order:
//   - after stripping invisible and control characters the answer has words,
//     is not a refusal, and is at most MaxSummaryLen characters;
//   - it has at least one marker, and every marker n has 1 ≤ n ≤ len(passages);
//   - no text follows the last sentence that carries a marker;
//   - every number is backed by a passage it cites.
//
// Which passages a number cites: the answer is split into sentences (a marker
// right after a sentence's full stop belongs to that sentence). A number
// cites every passage marked in its own sentence; in a sentence without a
// marker it cites the markers of the next sentence that has one. A number is
// backed when a cited passage (title, date and text) holds a figure of the
// same value, kind and unit by figures.Extract — so "50bn euros" matches
// "€50 billion" — or holds the number verbatim as written. Digits that
// figures.Extract does not report as a figure (ordinals, names like "G7") must
// appear as a number in a cited passage. Qualifiers ("over", "nearly") are
// not compared.
//
// Text inside a cited sentence is returned as plain text even when it quotes
// markup such as "<!channel>"; escaping it is the Slack layer's job.
func Check(answer string, passages []Passage) (text string, cited []int, err error) {
	text = strings.TrimSpace(StripInvisible(answer))
	if len(passages) == 0 {
		return "", nil, &Error{Check: CheckPassages}
	}
	if n := utf8.RuneCountInString(text); n > MaxSummaryLen {
		return "", nil, &Error{Check: CheckLength, Detail: fmt.Sprintf("%d characters; limit %d", n, MaxSummaryLen)}
	}
	if phrase, ok := refusal(text); ok {
		return "", nil, &Error{Check: CheckRefusal, Detail: strconv.Quote(phrase)}
	}

	groups, err := markerGroups(text, len(passages))
	if err != nil {
		return "", nil, err
	}
	masked := maskSpans(text, groups)
	if !strings.ContainsFunc(masked, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return "", nil, &Error{Check: CheckEmpty}
	}
	if len(groups) == 0 {
		return "", nil, &Error{Check: CheckMarker}
	}

	sentences := splitSentences(text, groups)
	cites, err := sentenceCites(text, masked, sentences, groups)
	if err != nil {
		return "", nil, err
	}
	if err := checkNumbers(masked, sentences, cites, passages); err != nil {
		return "", nil, err
	}
	out := rewriteMarkers(text, groups)
	if n := utf8.RuneCountInString(out); n > MaxSummaryLen { // "[1,2,3]" grows to "[1][2][3]"
		return "", nil, &Error{Check: CheckLength, Detail: fmt.Sprintf("%d characters; limit %d", n, MaxSummaryLen)}
	}
	return out, citedOrder(groups), nil
}

// markerGroups finds the markers in text, merges adjacent ones into groups
// and checks each names one of n passages.
func markerGroups(text string, n int) ([]markerGroup, error) {
	var groups []markerGroup
	for _, loc := range citeMarkerRE.FindAllStringIndex(text, -1) {
		m := text[loc[0]:loc[1]]
		var ns []int
		for _, f := range strings.FieldsFunc(m, func(r rune) bool { return r < '0' || r > '9' }) {
			k, err := strconv.Atoi(f)
			if err != nil || k < 1 || k > n {
				return nil, &Error{Check: CheckPassage, Detail: fmt.Sprintf("marker %s; %d passages given", m, n)}
			}
			ns = append(ns, k)
		}
		if l := len(groups); l > 0 && strings.Trim(text[groups[l-1].end:loc[0]], " ,;") == "" {
			groups[l-1].end = loc[1]
			groups[l-1].ns = append(groups[l-1].ns, ns...)
			continue
		}
		groups = append(groups, markerGroup{start: loc[0], end: loc[1], ns: ns})
	}
	return groups, nil
}

// maskSpans blanks the marker groups so their digits are not read as numbers;
// byte offsets stay the same.
func maskSpans(text string, groups []markerGroup) string {
	b := []byte(text)
	for _, g := range groups {
		for i := g.start; i < g.end; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}

// rewriteMarkers writes every marker group as "[1][2]".
func rewriteMarkers(text string, groups []markerGroup) string {
	var b strings.Builder
	last := 0
	for _, g := range groups {
		b.WriteString(text[last:g.start])
		for _, n := range g.ns {
			fmt.Fprintf(&b, "[%d]", n)
		}
		last = g.end
	}
	b.WriteString(text[last:])
	return b.String()
}

// citedOrder lists the markers in order of first use, without repeats.
func citedOrder(groups []markerGroup) []int {
	var out []int
	for _, g := range groups {
		for _, n := range g.ns {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

func markerList(ns []int) string {
	var b strings.Builder
	for _, n := range ns {
		fmt.Fprintf(&b, "[%d]", n)
	}
	if b.Len() == 0 {
		return "no passage"
	}
	return "passage " + b.String()
}
