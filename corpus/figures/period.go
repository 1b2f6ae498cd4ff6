package figures

import "sort"

// period is a period a figure may refer to: a year, a date with its year, a
// quarter or half ("fourth quarter", "Q4 2024", "first half"), "fiscal 2024",
// a relative one ("last year") or a month ("in March").
type period struct {
	start, end int
	text       string
}

// periods lists the periods stated in the text, in order.
func (x *extraction) periods() []period {
	if len(x.figs) == 0 {
		return nil // periods only qualify figures
	}
	var ps []period
	for _, f := range x.figs {
		if f.Kind == Year || f.Kind == Date && f.Value >= 10000 {
			ps = append(ps, period{f.Start, f.End, f.Text})
		}
	}
	ps = appendPeriodPhrases(ps, x.text)
	ps = x.appendMonthPeriods(ps)
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

// The period phrases are matched by hand, word by word, rather than with a
// case-insensitive regexp: Go's regexp engine made them a quarter of the
// indexing time. The matcher keeps the regexp's semantics, which tests
// compare against it:
//
//	(?i)\b(?:(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+(?:quarter|half)(?:\s+of\s+\d{4}|\s+\d{4})?
//	|Q[1-4](?:\s+\d{4})?|H[12](?:\s+\d{4})?|fiscal(?:\s+year)?\s+\d{4}
//	|(?:this|last|next|previous|past)\s+(?:year|quarter|month|week))\b
//
// that is: words in any ASCII case, separated by ASCII white space, starting
// and ending at word boundaries (letters, digits and "_" are word bytes);
// the first phrase that matches at a position wins, the longest form of it
// (with its year) first; matches do not overlap.
var (
	partWords = []string{"quarter", "half"}
	spanWords = []string{"year", "quarter", "month", "week"}
)

// appendPeriodPhrases appends the quarters, halves, fiscal years and
// relative periods stated in text.
func appendPeriodPhrases(ps []period, text string) []period {
	for p := 0; p < len(text); {
		if !isWordChar(text[p]) {
			p++
			continue
		}
		w := p + 1 // a phrase starts with a whole word: text[p:w]
		for w < len(text) && isWordChar(text[w]) {
			w++
		}
		if e := periodPhraseAt(text, p, w); e >= 0 {
			ps = append(ps, period{p, e, text[p:e]})
			w = e
		}
		p = w
	}
	return ps
}

// periodPhraseAt returns the end of the period phrase that starts with the
// word text[p:w], or -1.
func periodPhraseAt(text string, p, w int) int {
	var buf [len("previous")]byte
	if w-p > len(buf) {
		return -1
	}
	first := buf[:w-p]
	for i := range first {
		first[i] = text[p+i]
		if 'A' <= first[i] && first[i] <= 'Z' {
			first[i] += 'a' - 'A'
		}
	}
	ordinal, relative := false, false
	switch string(first) {
	case "q1", "q2", "q3", "q4", "h1", "h2": // "Q4", "Q4 2024", "H1"
		if y := yearWordAt(text, w); y >= 0 {
			return y
		}
		return w
	case "fiscal": // "fiscal 2024", "fiscal year 2024"
		if y := foldWordAt(text, spacesEnd(text, w, true), []string{"year"}); y >= 0 {
			if y = yearWordAt(text, y); y >= 0 {
				return y
			}
		}
		return yearWordAt(text, w)
	case "first", "second", "third", "fourth", "final", "1st", "2nd", "3rd", "4th":
		ordinal = true
	case "last":
		ordinal, relative = true, true
	case "this", "next", "previous", "past":
		relative = true
	default:
		return -1
	}
	next := spacesEnd(text, w, true)
	// "fourth quarter", "first half of 2024", "2nd quarter 2023"
	if e := foldWordAt(text, next, partWords); ordinal && e >= 0 {
		if of := foldWordAt(text, spacesEnd(text, e, true), []string{"of"}); of >= 0 {
			if y := yearWordAt(text, of); y >= 0 {
				return y
			}
		}
		if y := yearWordAt(text, e); y >= 0 {
			return y
		}
		if wordEnds(text, e) {
			return e
		}
	}
	// "last year", "this quarter"
	if e := foldWordAt(text, next, spanWords); relative && e >= 0 && wordEnds(text, e) {
		return e
	}
	return -1
}

// foldWordAt returns the end of the first of words (lower case ASCII) that
// text has at p in any case, or -1. A p of -1 matches nothing.
func foldWordAt(text string, p int, words []string) int {
	if p < 0 {
		return -1
	}
	for _, w := range words {
		if p+len(w) <= len(text) && foldEqual(text[p:p+len(w)], w) {
			return p + len(w)
		}
	}
	return -1
}

// foldEqual reports whether s equals w, a lower-case ASCII word, in any
// ASCII case.
func foldEqual(s, w string) bool {
	for i := 0; i < len(w); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// spacesEnd returns the end of the ASCII white space (regexp's \s) that
// starts at text[p]. When some is required and there is none, it returns -1.
func spacesEnd(text string, p int, required bool) int {
	if p < 0 {
		return -1
	}
	e := p
	for e < len(text) && isRegexpSpace(text[e]) {
		e++
	}
	if required && e == p {
		return -1
	}
	return e
}

// yearWordAt reads white space and four digits ending a word after p ("
// 2024") and returns their end, or -1.
func yearWordAt(text string, p int) int {
	s := spacesEnd(text, p, true)
	if s < 0 || s+4 > len(text) {
		return -1
	}
	for _, c := range []byte(text[s : s+4]) {
		if !isDigit(c) {
			return -1
		}
	}
	if !wordEnds(text, s+4) {
		return -1
	}
	return s + 4
}

// wordEnds reports whether a word that ends at text[e] ends there: the next
// byte, if any, is not a word byte (regexp's \b after a word byte).
func wordEnds(text string, e int) bool {
	return e >= len(text) || !isWordChar(text[e])
}

// isWordChar reports whether c is a word byte as regexp's \b sees them:
// an ASCII letter, digit or "_".
func isWordChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// isRegexpSpace reports whether c is white space as regexp's \s sees it.
func isRegexpSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// monthNames are the months a period names on its own, with a capital.
var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"}

// periodPrepositions introduce a month that stands for a period: "in March".
var periodPrepositions = []string{"in", "during", "for", "since", "by", "until"}

// appendMonthPeriods appends the months named on their own after a
// preposition ("in March", "since May"), as the regexp
// \b(?:in|during|for|since|by|until)\s+(January|…|December)\b would find
// them: the period is the month alone.
func (x *extraction) appendMonthPeriods(ps []period) []period {
	text := x.text
	for _, t := range x.toks {
		// a month after white space starts a token
		if t.kind != 'w' || !t.gap || t.raw[0] < 'A' || t.raw[0] > 'Z' {
			continue
		}
		e := -1
		for _, m := range monthNames {
			if len(t.raw) >= len(m) && t.raw[:len(m)] == m && wordEnds(text, t.s+len(m)) {
				e = t.s + len(m)
				break
			}
		}
		if e < 0 || !prepositionBefore(text, t.s) {
			continue
		}
		ps = append(ps, period{t.s, e, text[t.s:e]})
	}
	return ps
}

// prepositionBefore reports whether text[:p] ends with one of the
// periodPrepositions, as a whole word, and ASCII white space.
func prepositionBefore(text string, p int) bool {
	e := p
	for e > 0 && isRegexpSpace(text[e-1]) {
		e--
	}
	if e == p {
		return false
	}
	for _, w := range periodPrepositions {
		s := e - len(w)
		if s >= 0 && text[s:e] == w && (s == 0 || !isWordChar(text[s-1])) {
			return true
		}
	}
	return false
}
