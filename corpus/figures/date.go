package figures

import (
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
func monthAt(toks []token, k int) (int, bool) {
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

// endOfMonth skips the dot after an abbreviated month ("Sept. 30"); the
// dot after a full name ("widely expected to be 5 May.") ends the sentence.
func endOfMonth(toks []token, k int) int {
	if abbreviated(toks[k].low) && k+1 < len(toks) && toks[k+1].raw == "." && !toks[k+1].gap {
		return k + 2
	}
	return k + 1
}

// abbreviated reports whether the month word low is an abbreviation
// ("sept"), not a short full name ("may", "june", "july").
func abbreviated(low string) bool {
	return len(low) <= 4 && low != "may" && low != "june" && low != "july"
}

// dayAt reads a day of the month at token k, with an ordinal suffix ("11th").
func dayAt(toks []token, k int) (day int, end int, ok bool) {
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
func yearAt(toks []token, k int) (int, bool) {
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
func yearSameLine(toks []token, k int) (int, bool) {
	if k < len(toks) && toks[k].nl {
		return 0, false
	}
	return yearAt(toks, k)
}

// date reads a date at token i: "11 March", "11th March 2024", "March 11",
// "March 11, 2024", "Sept. 30", "May 2008".
func (x *extraction) date(i int) (int, bool) {
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

func (x *extraction) addDate(y, m, d int, i, end int) {
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
func (x *extraction) isoDates(joins digitJoins) [][]int {
	var spans [][]int
	if !joins.hyphens {
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
