package figures

import (
	"strconv"
	"strings"
)

// ParseNumber reads a number as news text writes it: digits with thousands
// separators ("2,572", "12,34,567.89"), a scale suffix or word ("50bn",
// "1.4m", "2.572 trillion", "35 lakh"), or words ("three hundred",
// "twenty-two", "a quarter million"). A lone "m" is read as million. It
// reports false when s, trimmed, is anything more or less than one number.
func ParseNumber(s string) (float64, bool) {
	toks := tokenize(strings.TrimSpace(s))
	if len(toks) == 0 {
		return 0, false
	}
	sign := 1.0
	i := 0
	if toks[0].raw == "-" || toks[0].raw == "\u2212" || toks[0].low == "minus" {
		sign, i = -1, 1
	}
	n, ok := parseNum(toks, i)
	if !ok {
		return 0, false
	}
	sc := parseScale(toks, n.j, n, true)
	if sc.j != len(toks) {
		return 0, false
	}
	return sign * scaledValue(n, sc), true
}

// number is a number read from tokens [i, j).
type number struct {
	i, j  int
	mant  string // decimal digits, "2.572"
	words bool   // spelled out ("three hundred")
	dec   bool   // has a decimal part
	grp   bool   // has thousands separators
	small bool   // spelled-out number below ten ("two")
}

// value is the number without any scale.
func (n number) value() float64 {
	v, _ := strconv.ParseFloat(n.mant, 64)
	return v
}

// year reports whether n is written like a year: four plain digits 1600–2100.
func (n number) year() bool {
	if n.words || n.dec || n.grp || len(n.mant) != 4 {
		return false
	}
	v := n.value()
	return v >= 1600 && v <= 2100
}

// scale is a scale word or suffix after a number: "bn", " million", "k".
type scale struct {
	j     int  // token index after the scale (n.j when there is none)
	exp   int  // power of ten: 9 for "bn"
	lakh  bool // Indian units, exp already set
	maybe bool // an attached lowercase "m" after an integer: million or metres
}

// scaledValue is n times its scale, computed from the decimal text so that
// "1.4m" is exactly 1.4e6 and "€50 billion" exactly 5e10.
func scaledValue(n number, sc scale) float64 {
	if sc.exp == 0 {
		return n.value()
	}
	v, err := strconv.ParseFloat(n.mant+"e"+strconv.Itoa(sc.exp), 64)
	if err != nil {
		return n.value()
	}
	return v
}

var spacedScales = map[string]int{
	"thousand": 3, "million": 6, "billion": 9, "trillion": 12,
	"bn": 9, "mn": 6, "mln": 6, "bln": 9, "tn": 12, "trn": 12,
	"lakh": 5, "lakhs": 5, "crore": 7, "crores": 7,
}

var attachedScales = map[string]int{
	"k": 3, "m": 6, "b": 9, "bn": 9, "mn": 6, "mln": 6, "bln": 9, "tn": 12, "trn": 12,
	"thousand": 3, "million": 6, "billion": 9, "trillion": 12,
}

// parseScale reads a scale after the number n. moneyish allows the bare
// "b" and reads an attached "m" as million without doubt.
func parseScale(toks []token, j int, n number, moneyish bool) scale {
	sc := scale{j: j}
	if j >= len(toks) || toks[j].kind != 'w' {
		return sc
	}
	t := toks[j]
	if !t.gap && !n.words {
		exp, ok := attachedScales[t.low]
		if !ok || (t.low == "b" && !moneyish) {
			return sc
		}
		// "5M" and "5K" are scales; "5m" is million when money or decimal.
		sc.exp, sc.j = exp, j+1
		if t.raw == "m" && !moneyish && !n.dec {
			sc.maybe = true
		}
		return sc
	}
	if t.gap || n.words {
		if exp, ok := spacedScales[t.low]; ok {
			sc.exp, sc.j = exp, j+1
			sc.lakh = exp == 5 || exp == 7
		}
	}
	return sc
}

var unitWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}

var teenWords = map[string]int{
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var tensWords = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

func isNumberWord(w string) bool {
	return unitWords[w] > 0 || teenWords[w] > 0 || tensWords[w] > 0
}

// numberStarts are the words a number in words can start with: parseWordNum
// looks up every word of the text, and most are none of these.
var numberStarts = func() map[string]bool {
	m := map[string]bool{"a": true, "half": true, "quarter": true, "quarters": true}
	for _, words := range []map[string]int{unitWords, teenWords, tensWords} {
		for w := range words {
			m[w] = true
		}
	}
	return m
}()

// parseNum reads a number at token i: digits, or number words.
func parseNum(toks []token, i int) (number, bool) {
	if i >= len(toks) {
		return number{}, false
	}
	t := toks[i]
	if t.kind == 'n' {
		if t.bad || t.res {
			return number{}, false
		}
		return number{i: i, j: i + 1, mant: t.mant, dec: t.dec, grp: t.grp}, true
	}
	if t.kind != 'w' {
		return number{}, false
	}
	return parseWordNum(toks, i)
}

// parseWordNum reads "three hundred and five", "twenty-two", "a quarter"
// (only before a scale: "a quarter million"), "half", "three quarters".
func parseWordNum(toks []token, i int) (number, bool) {
	w := wordAt(toks, i)
	if !numberStarts[w] {
		return number{}, false
	}
	n := number{i: i, words: true}
	if w == "a" {
		if f, ok := fractionOfScale(toks, i+1, n); ok {
			return f, true
		}
		if scaleAt(toks, i+1) {
			n.j, n.mant = i+1, "1"
			if wordAt(toks, i+1) == "hundred" {
				n.j, n.mant = i+2, "100"
			}
			return n, true
		}
		return number{}, false
	}
	if f, ok := fractionOfScale(toks, i, n); ok {
		return f, true
	}
	return cardinalWords(toks, n)
}

// wordAt is the lower-cased word at toks[k], or "" when it is not a word.
func wordAt(toks []token, k int) string {
	if k < len(toks) && toks[k].kind == 'w' {
		return toks[k].low
	}
	return ""
}

// scaleAt reports whether toks[k] is a scale word: "million", "hundred" ….
func scaleAt(toks []token, k int) bool {
	w := wordAt(toks, k)
	_, ok := spacedScales[w]
	return ok || w == "hundred"
}

// fractionOfScale reads a fraction before a scale word at toks[k]: "half
// million", "a quarter million". n is the number read so far.
func fractionOfScale(toks []token, k int, n number) (number, bool) {
	var f float64
	switch wordAt(toks, k) {
	case "half":
		f = 0.5
	case "quarter", "quarters":
		f = 0.25
	default:
		return number{}, false
	}
	if !scaleAt(toks, k+1) {
		return number{}, false
	}
	n.j, n.mant = k+1, strconv.FormatFloat(f, 'f', -1, 64)
	return n, true
}

// cardinalWords reads a whole number in words from toks[n.i]: "three
// hundred and five", "twenty-two", "two thousand and ten"; "three
// quarters" when a scale follows.
func cardinalWords(toks []token, n number) (number, bool) {
	i := n.i
	total, cur := 0, 0
	last := "" // "unit", "teen", "tens", "hundred", "thousand"
	k := i
read:
	for k < len(toks) {
		w := wordAt(toks, k)
		switch {
		case unitWords[w] > 0 && (last == "" || last == "tens" || last == "hundred" || last == "thousand"):
			cur += unitWords[w]
			last = "unit"
		case teenWords[w] > 0 && (last == "" || last == "hundred" || last == "thousand"):
			cur += teenWords[w]
			last = "teen"
		case tensWords[w] > 0 && (last == "" || last == "hundred" || last == "thousand"):
			cur += tensWords[w]
			last = "tens"
		case w == "hundred" && (last == "unit" || last == "teen") && cur < 100:
			cur *= 100
			last = "hundred"
		case w == "thousand" && last != "" && last != "thousand" && total == 0 && isNumberWord(wordAt(toks, k+1)):
			total = cur * 1000
			cur = 0
			last = "thousand"
		case (w == "quarter" || w == "quarters") && last == "unit" && cur < 4 && scaleAt(toks, k+1):
			n.j, n.mant = k+1, strconv.FormatFloat(float64(cur)*0.25, 'f', -1, 64)
			return n, true
		default:
			break read
		}
		k++
		// joiners: "twenty-two", "hundred and five"
		if k+1 < len(toks) {
			nx := wordAt(toks, k+1)
			switch {
			case toks[k].raw == "-" && !toks[k].gap && !toks[k+1].gap && last == "tens" && unitWords[nx] > 0:
				k++
			case wordAt(toks, k) == "and" && (last == "hundred" || last == "thousand") && isNumberWord(nx):
				k++
			}
		}
	}
	if k == i {
		return number{}, false
	}
	v := total + cur
	n.j, n.mant = k, strconv.Itoa(v)
	n.small = v < 10
	return n, true
}
