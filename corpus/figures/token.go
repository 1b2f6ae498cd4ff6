package figures

import (
	"newsdesk/corpus/figures/currency"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one token of the text the figure extractor reads: a word (letters
// and combining marks), a number (digits with their thousands separators and
// decimal part, already normalized) or a single symbol rune.
//
// The fields are ordered so that the flags pack into one word: a passage
// has some two hundred tokens.
type token struct {
	s, e int    // byte span in the text
	raw  string // text[s:e]
	low  string // lower-cased raw
	kind byte   // 'w' word, 'n' number, 's' symbol
	gap  bool   // whitespace between the previous token and this one
	nl   bool   // a line break before this token, or it is the first token

	// numbers only
	dec  bool   // has a decimal part
	grp  bool   // has thousands separators
	bad  bool   // not a plain number: "3.2.1"
	res  bool   // inside a reserved span (URL, phone number, time, ID)
	mant string // decimal digits without separators: "2572", "2.572"
}

// isCurrencySymbol reports whether r is a currency sign ("$", "€", "£"…).
// ASCII letters are not, which saves a map look-up for most runes.
func isCurrencySymbol(r rune) bool {
	if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
		return false
	}
	return currency.Symbol(r) != ""
}

// tokenize splits text into tokens. It never fails: bytes that are not
// valid UTF-8 become one-byte symbol tokens.
func tokenize(text string) []token {
	return appendTokens(make([]token, 0, len(text)/4+1), text) // news text has a token every five bytes
}

// appendTokens appends the tokens of text to toks.
func appendTokens(toks []token, text string) []token {
	// the lower case of ASCII words is cut from one lower-cased copy of the
	// text rather than allocated word by word
	lower := asciiLower(text)
	gap, nl := false, true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			gap, nl = true, true
			i += size
			continue
		case unicode.IsSpace(r):
			gap = true
			i += size
			continue
		}
		t := token{s: i, gap: gap, nl: nl}
		switch {
		case r >= '0' && r <= '9':
			t.kind = 'n'
			t.e, t.mant, t.dec, t.grp, t.bad = scanDigits(text, i)
			t.raw = text[t.s:t.e]
			t.low = t.raw // digits and separators have no case
		case isCurrencySymbol(r):
			t.kind = 's'
			t.e = i + size
			t.raw = text[t.s:t.e]
			t.low = strings.ToLower(t.raw)
		case unicode.IsLetter(r) || unicode.IsMark(r):
			t.kind = 'w'
			j := i
			ascii := true
			for j < len(text) {
				if c := text[j]; c < utf8.RuneSelf { // ASCII fast path: letters only
					if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
						j++
						continue
					}
					break
				}
				r2, n := utf8.DecodeRuneInString(text[j:])
				if !(unicode.IsLetter(r2) || unicode.IsMark(r2)) || isCurrencySymbol(r2) {
					break
				}
				ascii = false
				j += n
			}
			t.e = j
			t.raw = text[t.s:t.e]
			if ascii {
				t.low = lower[t.s:t.e]
			} else {
				t.low = strings.ToLower(t.raw)
			}
		default:
			t.kind = 's'
			t.e = i + size
			t.raw = text[t.s:t.e]
			t.low = strings.ToLower(t.raw)
		}
		toks = append(toks, t)
		i = t.e
		gap, nl = false, false
	}
	return toks
}

// asciiLower lower-cases ASCII letters only, so offsets stay those of s.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// scanDigits reads the number starting at text[i], a digit. It accepts
// thousands separators (",", no-break and thin spaces) in Western groups of
// three or Indian groups (12,34,567) and one decimal part. mant is the
// number without separators; bad marks version-like runs ("3.2.1").
func scanDigits(text string, i int) (end int, mant string, dec, grp, bad bool) {
	j := digitsEnd(text, i)
	intPart := text[i:j]
	var groups []string
	sep := ""
	k := j
	for k < len(text) {
		s := thousandsSep(text[k:])
		if s == "" || (sep != "" && s != sep) {
			break
		}
		m := k + len(s)
		d := digitsEnd(text, m)
		if d == m {
			break
		}
		sep = s
		groups = append(groups, text[m:d])
		k = d
	}
	if len(groups) > 0 && validGroups(intPart, groups, sep) {
		j = k
		grp = true
		mant = intPart + strings.Join(groups, "")
	} else {
		mant = intPart
	}
	if j+1 < len(text) && text[j] == '.' && isDigit(text[j+1]) {
		d := digitsEnd(text, j+1)
		mant += text[j:d]
		dec = true
		j = d
		for j+1 < len(text) && text[j] == '.' && isDigit(text[j+1]) {
			bad = true
			j = digitsEnd(text, j+1)
		}
	}
	return j, mant, dec, grp, bad
}

func digitsEnd(text string, i int) int {
	for i < len(text) && isDigit(text[i]) {
		i++
	}
	return i
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// thousandsSep returns the separator s starts with, or "".
func thousandsSep(s string) string {
	for _, sep := range []string{",", "\u00a0", "\u202f", "\u2009"} {
		if strings.HasPrefix(s, sep) {
			return sep
		}
	}
	return ""
}

func validGroups(intPart string, groups []string, sep string) bool {
	western := len(intPart) <= 3 && intPart[0] != '0'
	for _, g := range groups {
		western = western && len(g) == 3
	}
	if western {
		return true
	}
	// Indian grouping: 12,34,567
	if sep != "," || len(intPart) > 2 || len(groups) < 2 || len(groups[len(groups)-1]) != 3 {
		return false
	}
	for _, g := range groups[:len(groups)-1] {
		if len(g) != 2 {
			return false
		}
	}
	return true
}

// Spans that look numeric but are not figures: links, e-mail addresses,
// phone numbers, clock times, fractions and slashed dates, ID-like chains of
// hyphenated digit groups.
//
// Each pattern comes with a cheap test of what any match must contain: Go's
// regexp engine is slow on patterns like \S+@, and most passages contain
// nothing of the kind, so the pattern is not run at all.
var reservedPatterns = []struct {
	may func(text string, j digitJoins) bool // false when re cannot match text
	re  *regexp.Regexp
}{
	{func(t string, _ digitJoins) bool { return strings.Contains(t, "://") || containsFold(t, "www.") },
		regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)},
	{func(t string, _ digitJoins) bool { return strings.Contains(t, "@") }, regexp.MustCompile(`\S+@\S+\.\w+`)},
	{func(_ string, j digitJoins) bool { return j.plus }, regexp.MustCompile(`\+\d[\d ()./-]{6,}\d`)},
	{func(_ string, j digitJoins) bool { return j.openParen }, regexp.MustCompile(`\(\d{2,5}\) ?\d{3,4}[ -]?\d{3,4}`)},
	{func(_ string, j digitJoins) bool { return j.phone }, regexp.MustCompile(`\b\d{3}[-.]\d{3}[-.]\d{4}\b`)},
	{func(_ string, j digitJoins) bool { return j.colon }, regexp.MustCompile(`\b\d{1,2}:\d{2}(?::\d{2})?\b`)},
	{func(_ string, j digitJoins) bool { return j.slash }, regexp.MustCompile(`\b\d+(?:/\d+)+\b`)},
	{func(_ string, j digitJoins) bool { return j.hyphens }, regexp.MustCompile(`\b\d+(?:-\d+){2,}\b`)},
}

// containsFold reports whether s contains w, a lower-case ASCII word, in
// any ASCII case.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i]|0x20 == w[0] && foldEqual(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

// digitJoins tells which ways of joining digits a text has, the cheap tests
// of the reserved-span patterns.
type digitJoins struct {
	plus      bool // a digit after "+": "+44"
	openParen bool // a digit after "(": "(020)"
	colon     bool // a colon between digits: "10:30"
	slash     bool // a slash between digits: "3/4"
	phone     bool // three digit groups joined by hyphens or dots: "555.123-4567"
	hyphens   bool // three digit groups joined by hyphens: "1-2-3", "2024-03-11"
}

// scanDigitJoins finds the digitJoins of text in one pass over its runs of
// digits.
func scanDigitJoins(text string) digitJoins {
	var j digitJoins
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		start := i
		i = digitsEnd(text, i)
		var before, after byte // the bytes joining the run text[start:i] to digits before and after it
		if start > 0 {
			switch text[start-1] {
			case '+':
				j.plus = true
			case '(':
				j.openParen = true
			}
		}
		if start >= 2 && isDigit(text[start-2]) {
			before = text[start-1]
		}
		if i+1 < len(text) && isDigit(text[i+1]) {
			after = text[i]
		}
		j.colon = j.colon || after == ':'
		j.slash = j.slash || after == '/'
		j.phone = j.phone || (before == '-' || before == '.') && (after == '-' || after == '.')
		j.hyphens = j.hyphens || before == '-' && after == '-'
	}
	return j
}

// isoDateRe matches 2024-03-11; checked before the ID-chain rule.
var isoDateRe = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)

// markReserved flags the number tokens that lie in a reserved span.
func markReserved(text string, toks []token, joins digitJoins, skipISO [][]int) {
	var spans [][]int
	for _, r := range reservedPatterns {
		if r.may(text, joins) {
			spans = append(spans, r.re.FindAllStringIndex(text, -1)...)
		}
	}
	spans = append(spans, skipISO...)
	if len(spans) == 0 {
		return
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a][0] < spans[b][0] })
	k, reach := 0, -1 // reach: the furthest end of the spans starting before the token ends
	for i := range toks {
		for k < len(spans) && spans[k][0] < toks[i].e {
			reach = max(reach, spans[k][1])
			k++
		}
		if reach > toks[i].s {
			toks[i].res = true
		}
	}
}
