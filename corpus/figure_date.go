package corpus

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Dates and years. A year's Value is the year (2019). A date's Value packs
// what the text states as YYYYMMDD, with 0 for parts it leaves out: "11
// March 2024" → 20240311, "May 2008" → 20080500, "11 March" → 311. The
// Unit of a date is its ISO form with the same gaps: "2024-03-11",
// "2008-05", "--03-11".

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

// monthAt returns the month named by the word at token k. Abbreviations and
// the ambiguous "May" and "March" count only when capitalized; other full
// names also in lower case, as newswire text writes them.
func monthAt(toks []ftok, k int) (int, bool) {
	if k < 0 || k >= len(toks) || toks[k].kind != 'w' {
		return 0, false
	}
	t := toks[k]
	m, ok := months[t.low]
	if !ok {
		return 0, false
	}
	capital := t.raw[0] >= 'A' && t.raw[0] <= 'Z'
	if len(t.low) <= 4 || t.low == "may" || t.low == "march" {
		return m, capital
	}
	return m, true
}

// endOfMonth skips the dot after an abbreviated month ("Sept. 30").
func endOfMonth(toks []ftok, k int) int {
	if len(toks[k].low) <= 4 && k+1 < len(toks) && toks[k+1].raw == "." && !toks[k+1].gap {
		return k + 2
	}
	return k + 1
}

// dayAt reads a day of the month at token k, with an ordinal suffix ("11th").
func dayAt(toks []ftok, k int) (day int, end int, ok bool) {
	if k >= len(toks) || toks[k].kind != 'n' || toks[k].dec || toks[k].grp || toks[k].res || len(toks[k].mant) > 2 {
		return 0, k, false
	}
	d, _ := strconv.Atoi(toks[k].mant)
	if d < 1 || d > 31 {
		return 0, k, false
	}
	end = k + 1
	if end < len(toks) && !toks[end].gap {
		switch toks[end].low {
		case "st", "nd", "rd", "th":
			end++
		default:
			if toks[end].kind == 'w' || toks[end].kind == 'n' {
				return 0, k, false
			}
		}
	}
	return d, end, true
}

// yearAt reads a year at token k (four digits, 1000–2199).
func yearAt(toks []ftok, k int) (int, bool) {
	if k >= len(toks) || toks[k].kind != 'n' || toks[k].dec || toks[k].grp || toks[k].res || len(toks[k].mant) != 4 {
		return 0, false
	}
	y, _ := strconv.Atoi(toks[k].mant)
	if k+1 < len(toks) && !toks[k+1].gap && (toks[k+1].kind == 'w' || toks[k+1].kind == 'n') {
		return 0, false
	}
	return y, y >= 1000 && y <= 2199
}

// yearSameLine is yearAt for the year of a date: it must not start a new
// line, or "26 February\n\n2019 was…" would read as one date.
func yearSameLine(toks []ftok, k int) (int, bool) {
	if k < len(toks) && toks[k].nl {
		return 0, false
	}
	return yearAt(toks, k)
}

// date reads a date at token i: "11 March", "11th March 2024", "March 11",
// "March 11, 2024", "Sept. 30", "May 2008".
func (x *fscan) date(i int) (int, bool) {
	toks := x.toks
	if d, k, ok := dayAt(toks, i); ok {
		if k < len(toks) && toks[k].low == "of" {
			k++
		}
		if m, ok := monthAt(toks, k); ok {
			end := endOfMonth(toks, k)
			y := 0
			e := end
			if e < len(toks) && toks[e].raw == "," {
				e++ // "22 January, 2017"
			}
			if yy, ok := yearSameLine(toks, e); ok {
				y, end = yy, e+1
			}
			x.addDate(y, m, d, i, end)
			return end, true
		}
		return i, false
	}
	m, ok := monthAt(toks, i)
	if !ok {
		return i, false
	}
	k := endOfMonth(toks, i)
	if d, end, ok := dayAt(toks, k); ok && !toks[k].nl {
		// "March 11, 2024" / "March 11 2024"
		y := 0
		e := end
		if e < len(toks) && toks[e].raw == "," {
			e++
		}
		if yy, ok := yearSameLine(toks, e); ok {
			y, end = yy, e+1
		}
		x.addDate(y, m, d, i, end)
		return end, true
	}
	if k < len(toks) && toks[k].raw == "," {
		k++
	}
	if y, ok := yearSameLine(toks, k); ok {
		x.addDate(y, m, 0, i, k+1)
		return k + 1, true
	}
	return i, false
}

func (x *fscan) addDate(y, m, d int, i, end int) {
	x.add(Figure{Kind: Date, Value: float64(y*10000 + m*100 + d), Unit: isoDate(y, m, d)}, i, end)
}

func isoDate(y, m, d int) string {
	var b strings.Builder
	if y > 0 {
		b.WriteString(strconv.Itoa(y))
	} else {
		b.WriteString("-")
	}
	b.WriteString("-" + twoDigits(m))
	if d > 0 {
		b.WriteString("-" + twoDigits(d))
	}
	return b.String()
}

// isoDates emits the figures for 2024-03-11 and returns their spans so that
// their digits are not read again.
func (x *fscan) isoDates() [][]int {
	var spans [][]int
	if !digitAround(x.text, '-') {
		return nil
	}
	for _, m := range isoDateRe.FindAllStringSubmatchIndex(x.text, -1) {
		y, _ := strconv.Atoi(x.text[m[2]:m[3]])
		mo, _ := strconv.Atoi(x.text[m[4]:m[5]])
		d, _ := strconv.Atoi(x.text[m[6]:m[7]])
		if mo < 1 || mo > 12 || d < 1 || d > 31 {
			continue
		}
		// part of a longer chain of digits: an ID, not a date
		if m[0] > 0 && x.text[m[0]-1] == '-' || m[1] < len(x.text) && x.text[m[1]] == '-' {
			continue
		}
		x.figs = append(x.figs, Figure{Kind: Date, Value: float64(y*10000 + mo*100 + d), Unit: isoDate(y, mo, d),
			Text: x.text[m[0]:m[1]], Start: m[0], End: m[1]})
		spans = append(spans, []int{m[0], m[1]})
	}
	return spans
}

// A period a figure refers to: a year, a month with its year, a quarter or
// half ("fourth quarter", "Q4 2024", "first half"), "fiscal 2024", or a
// relative one ("last year").
var periodRe = regexp.MustCompile(`(?i)\b(?:(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+(?:quarter|half)(?:\s+of\s+\d{4}|\s+\d{4})?|Q[1-4](?:\s+\d{4})?|H[12](?:\s+\d{4})?|fiscal(?:\s+year)?\s+\d{4}|(?:this|last|next|previous|past)\s+(?:year|quarter|month|week))\b`)

// monthPeriodRe is a month on its own: "in March".
var monthPeriodRe = regexp.MustCompile(`\b(?:in|during|for|since|by|until)\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b`)

// periodWords are the words every periodRe match contains (lower case).
var periodWords = []string{"quarter", "half", "fiscal", "year", "month", "week", "q1", "q2", "q3", "q4", "h1", "h2"}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func containsAnyWord(text string, words []string) bool {
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// findNear runs re only on the stretches of text around the words any of
// its matches must contain, instead of on the whole text: Go's regexp engine
// is slow on a long case-insensitive alternation, and most sentences have
// none of the words. A stretch reaches periodReach bytes each side of a word,
// widened to whitespace so word boundaries stay where they are. Matches are
// returned as offsets into text, in order, without duplicates.
func findNear(text string, re *regexp.Regexp, words []string) [][]int {
	lower := asciiLower(text)
	var wins [][2]int
	for _, w := range words {
		for from := 0; ; {
			i := strings.Index(lower[from:], w)
			if i < 0 {
				break
			}
			i += from
			wins = append(wins, [2]int{widenLeft(text, i-periodReach), widenRight(text, i+len(w)+periodReach)})
			from = i + len(w)
		}
	}
	if len(wins) == 0 {
		return nil
	}
	sort.Slice(wins, func(a, b int) bool { return wins[a][0] < wins[b][0] })
	merged := wins[:1]
	for _, w := range wins[1:] {
		last := &merged[len(merged)-1]
		if w[0] <= last[1] {
			last[1] = max(last[1], w[1])
		} else {
			merged = append(merged, w)
		}
	}
	var out [][]int
	for _, w := range merged {
		for _, m := range re.FindAllStringIndex(text[w[0]:w[1]], -1) {
			out = append(out, []int{m[0] + w[0], m[1] + w[0]})
		}
	}
	return out
}

// periodReach bounds how far a periodRe match extends from its key word:
// "fourth quarter of 2024" starts 7 bytes before "quarter" and ends 8 after.
const periodReach = 48

func widenLeft(text string, i int) int {
	if i <= 0 {
		return 0
	}
	for i > 0 && text[i-1] != ' ' && text[i-1] != '\n' {
		i--
	}
	return i
}

func widenRight(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for i < len(text) && text[i] != ' ' && text[i] != '\n' {
		i++
	}
	return i
}

// asciiLower lower-cases ASCII letters only, so offsets stay those of text.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

type fperiod struct {
	start, end int
	text       string
}

// periods lists the periods stated in the text, in order.
func (x *fscan) periods() []fperiod {
	if len(x.figs) == 0 {
		return nil // periods only qualify figures
	}
	var ps []fperiod
	for _, f := range x.figs {
		if f.Kind == Year || f.Kind == Date && f.Value >= 10000 {
			ps = append(ps, fperiod{f.Start, f.End, f.Text})
		}
	}
	for _, m := range findNear(x.text, periodRe, periodWords) {
		ps = append(ps, fperiod{m[0], m[1], x.text[m[0]:m[1]]})
	}
	if containsAnyWord(x.text, monthNames) {
		for _, m := range monthPeriodRe.FindAllStringSubmatchIndex(x.text, -1) {
			ps = append(ps, fperiod{m[2], m[3], x.text[m[2]:m[3]]})
		}
	}
	// keep the longest of overlapping periods: "fourth quarter of 2024", not "2024"
	sort.Slice(ps, func(a, b int) bool {
		if ps[a].start != ps[b].start {
			return ps[a].start < ps[b].start
		}
		return ps[a].end > ps[b].end
	})
	out := ps[:0]
	for _, p := range ps {
		if n := len(out); n > 0 && p.start < out[n-1].end {
			continue
		}
		out = append(out, p)
	}
	return out
}
