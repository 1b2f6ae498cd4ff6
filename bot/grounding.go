package bot

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/corpus/figures"
)

// MaxSummaryLen is the longest summary shown, in characters. A streamed
// answer is cut off as soon as it passes this length.
const MaxSummaryLen = 800

// The checks a GroundingError names.
const (
	CheckPassages = "no-passages"        // nothing to summarize
	CheckEmpty    = "empty"              // no words in the answer
	CheckRefusal  = "refusal"            // the model said it cannot answer
	CheckLength   = "too-long"           // longer than MaxSummaryLen
	CheckMarker   = "no-marker"          // no [n] marker at all
	CheckPassage  = "unknown-marker"     // a marker names a passage that was not given
	CheckUncited  = "uncited-text"       // text after the last marker, backed by no passage
	CheckNumber   = "unsupported-number" // a number not found in the passages it cites
)

// checkReasons are the user-safe sentences Reason returns.
var checkReasons = map[string]string{
	CheckPassages: "there were no passages to summarize",
	CheckEmpty:    "the model's answer was empty",
	CheckRefusal:  "the model declined to answer",
	CheckLength:   "the model's answer was too long",
	CheckMarker:   "the model's answer cited no passage",
	CheckPassage:  "the model cited a passage it was not given",
	CheckUncited:  "part of the model's answer cited no passage",
	CheckNumber:   "a number in the model's answer is not in the passages it cites",
}

// GroundingError says which check a model's answer failed. Detail quotes the
// offending part of the answer for the operator's log; it is not for users.
type GroundingError struct {
	Check  string // one of the Check… constants
	Detail string
}

func (e *GroundingError) Error() string {
	if e.Detail == "" {
		return "summary not grounded: " + e.Check
	}
	return "summary not grounded: " + e.Check + ": " + e.Detail
}

// Is makes every GroundingError match ErrUngrounded.
func (e *GroundingError) Is(target error) bool { return target == ErrUngrounded }

// Reason returns a short, fixed sentence saying why the summary was dropped,
// fit for users: it never quotes the model.
func (e *GroundingError) Reason() string {
	if r, ok := checkReasons[e.Check]; ok {
		return r
	}
	return "the model's answer failed a check"
}

// citeMarkerRE matches a citation marker: [1], [ 2 ], or a list [1, 3].
var citeMarkerRE = regexp.MustCompile(`\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]`)

// digitRunRE matches a run of digits with its decimal or thousands separators.
var digitRunRE = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// markerGroup is a run of markers with only spaces and commas between them:
// "[1][2]", "[1], [3]", "[1, 3]".
type markerGroup struct {
	start, end int   // byte span in the answer
	ns         []int // passage numbers, 1-based, as written
}

// checkGrounding parses a model's answer and checks it against the passages
// it was given. It returns the cleaned answer, with each marker group
// rewritten as "[1][2]", and the markers in order of first use.
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
func checkGrounding(answer string, passages []Citation) (Summary, error) {
	text := strings.TrimSpace(stripInvisible(answer))
	if len(passages) == 0 {
		return Summary{}, &GroundingError{Check: CheckPassages}
	}
	if n := utf8.RuneCountInString(text); n > MaxSummaryLen {
		return Summary{}, &GroundingError{Check: CheckLength, Detail: fmt.Sprintf("%d characters; limit %d", n, MaxSummaryLen)}
	}
	if phrase, ok := refusal(text); ok {
		return Summary{}, &GroundingError{Check: CheckRefusal, Detail: strconv.Quote(phrase)}
	}

	groups, err := markerGroups(text, len(passages))
	if err != nil {
		return Summary{}, err
	}
	masked := maskSpans(text, groups)
	if !strings.ContainsFunc(masked, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return Summary{}, &GroundingError{Check: CheckEmpty}
	}
	if len(groups) == 0 {
		return Summary{}, &GroundingError{Check: CheckMarker}
	}

	sentences := splitSentences(text, groups)
	cites, err := sentenceCites(text, masked, sentences, groups)
	if err != nil {
		return Summary{}, err
	}
	if err := checkNumbers(masked, sentences, cites, passages); err != nil {
		return Summary{}, err
	}
	out := rewriteMarkers(text, groups)
	if n := utf8.RuneCountInString(out); n > MaxSummaryLen { // "[1,2,3]" grows to "[1][2][3]"
		return Summary{}, &GroundingError{Check: CheckLength, Detail: fmt.Sprintf("%d characters; limit %d", n, MaxSummaryLen)}
	}
	return Summary{Text: out, Cited: citedOrder(groups)}, nil
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
				return nil, &GroundingError{Check: CheckPassage, Detail: fmt.Sprintf("marker %s; %d passages given", m, n)}
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

// textSpan is a byte range of the answer.
type textSpan struct{ start, end int }

// splitSentences cuts text after ".", "!", "?" or "…" (and any closing quotes
// or brackets) followed by a space, and at line breaks. A marker group that
// follows the full stop stays with the sentence before it.
func splitSentences(text string, groups []markerGroup) []textSpan {
	groupAt := make(map[int]int, len(groups)) // start offset → end offset
	for _, g := range groups {
		groupAt[g.start] = g.end
	}
	var out []textSpan
	start := 0
	cut := func(end int) {
		if end > start {
			out = append(out, textSpan{start, end})
		}
		start = end
	}
	for i := 0; i < len(text); {
		if end, ok := groupAt[i]; ok {
			i = end // never cut inside a marker group
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case r == '\n':
			cut(i)
		case r == '.' || r == '!' || r == '?' || r == '…':
			j := i
			for j < len(text) && strings.ContainsRune(`"')]”’»`, rune(text[j])) {
				j++
			}
			if j < len(text) && !isSpaceByte(text[j]) {
				continue // "2.5", "U.S", "e.g.x": not a sentence end
			}
			// A marker group after the stop belongs to this sentence.
			k := j
			for k < len(text) && text[k] == ' ' {
				k++
			}
			if end, ok := groupAt[k]; ok {
				j = end
				for j < len(text) && strings.ContainsRune(`.!?`, rune(text[j])) {
					j++
				}
			}
			i = j
			cut(j)
		}
	}
	cut(len(text))
	return out
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// sentenceCites returns, for each sentence, the passages it cites: its own
// markers, or those of the next sentence that has some. Sentences with words
// after the last marked sentence are uncited.
func sentenceCites(text, masked string, sentences []textSpan, groups []markerGroup) ([][]int, error) {
	cites := make([][]int, len(sentences))
	for i, s := range sentences {
		for _, g := range groups {
			if g.start >= s.start && g.start < s.end {
				cites[i] = append(cites[i], g.ns...)
			}
		}
	}
	var next []int
	for i := len(sentences) - 1; i >= 0; i-- {
		if len(cites[i]) > 0 {
			next = cites[i]
			continue
		}
		if next == nil {
			s := sentences[i]
			if strings.ContainsFunc(masked[s.start:s.end], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
				return nil, &GroundingError{Check: CheckUncited, Detail: strconv.Quote(clipRunes(strings.TrimSpace(text[s.start:s.end]), 80))}
			}
			continue
		}
		cites[i] = next
	}
	return cites, nil
}

// passageFacts is what a passage offers to back a number.
type passageFacts struct {
	text    string
	figures []figures.Figure
	numbers []float64
}

// checkNumbers checks every number of the answer against the passages its
// sentence cites.
func checkNumbers(masked string, sentences []textSpan, cites [][]int, passages []Citation) error {
	facts := make([]*passageFacts, len(passages))
	factsOf := func(n int) *passageFacts {
		if facts[n-1] == nil {
			p := passages[n-1]
			t := strings.Join([]string{stripInvisible(p.Title), p.Published, stripInvisible(p.Text)}, "\n")
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
			return &GroundingError{Check: CheckNumber, Detail: fmt.Sprintf("%q not in %s", f.Text, markerList(cites[sentenceOf(f.Start)]))}
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
			return &GroundingError{Check: CheckNumber, Detail: fmt.Sprintf("%q not in %s", masked[loc[0]:loc[1]], markerList(cites[sentenceOf(loc[0])]))}
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
	for i := 0; ; {
		j := strings.Index(text[i:], words)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(words)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (start == 0 || !isWordRune(before)) && (end == len(text) || !isWordRune(after)) {
			return true
		}
		i = start + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// sameFigure compares normalized figures: equal values, percentages only with
// percentages, and units equal when both are stated.
func sameFigure(a, b figures.Figure) bool {
	if (a.Kind == figures.Percent) != (b.Kind == figures.Percent) {
		return false
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
	for i := 0; ; {
		j := strings.Index(text[i:], s)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(s)
		if !digitJoined(text[:start], true) && !digitJoined(text[end:], false) {
			return true
		}
		i = start + 1
	}
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

// refusalPhrases mark an answer in which the model declines. An answer is
// dropped when a sentence starts with one of the first group, or it contains
// one of the second anywhere.
var (
	refusalStarts = []string{
		"i don't know", "i do not know", "i cannot", "i can't", "i can not", "i'm unable", "i am unable",
		"i'm sorry", "i am sorry", "sorry", "unfortunately", "i'm not able", "i am not able", "as an ai",
	}
	refusalAnywhere = []string{
		"no_answer", "not in the passages", "not in the provided", "passages do not", "passages don't",
		"passage does not", "passage doesn't", "no information", "not mentioned in the passage",
		"not provided in the passage", "cannot be determined", "can't be determined",
		"not enough information", "insufficient information",
	}
)

// refusal reports whether text declines to answer, and the phrase that says so.
func refusal(text string) (string, bool) {
	t := strings.ToLower(strings.NewReplacer("’", "'", "‘", "'").Replace(text))
	for _, p := range refusalAnywhere {
		if strings.Contains(t, p) {
			return p, true
		}
	}
	for _, s := range splitSentences(t, nil) {
		line := strings.TrimLeft(t[s.start:s.end], " \n\"'“(")
		for _, p := range refusalStarts {
			if strings.HasPrefix(line, p) {
				return p, true
			}
		}
	}
	return "", false
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

func clipRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// stripInvisible removes what a reader cannot see but a parser or a model
// may act on: control characters (C0 and C1, except the line break; tabs
// become spaces, CR LF becomes LF), format characters such as zero-width
// spaces, bidi overrides, soft hyphens and tag characters, and invalid UTF-8.
func stripInvisible(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (r != '\n' && (unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r))) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
