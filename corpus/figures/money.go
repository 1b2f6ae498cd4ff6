package figures

import (
	"strconv"
	"strings"

	"newsdesk/corpus/figures/currency"
)

// amount is a money amount read from tokens.
//
// Money amounts are normalized to the currency's main unit with its
// ISO 4217 code ("€50 billion" → 5e10 EUR, "77m euros" → 7.7e7 EUR).
// Where the text names no country the unit is the currency's home: "$" and
// "dollars" are USD, "£" GBP, "¥" JPY, "yuan" CNY, "rupees" INR. Currencies
// with no single ISO code keep their name in the singular ("franc", "peso",
// "dinar"). Minor units follow the Recognizers-Text specs: "50 cents" is
// Value 50 with Unit "cent", "470 pence" Value 470 with Unit "pence"; a
// dollar amount with cents after it ("3 dollars 50 cents") is one amount,
// 3.5 USD.
type amount struct {
	start, end int // token range [start, end)
	unit       string
	value      float64
	scaled     bool
}

// currencyWord reads a currency name at token k, with an optional country
// adjective ("finnish markka", "us dollars", "hong kong dollars"). hinted
// says the amount has a scale or sign, which makes "pounds" money.
func currencyWord(toks []token, k int, hinted bool) (unit string, end int, ok bool) {
	word := func(k int) string {
		if k < len(toks) && toks[k].kind == 'w' {
			return toks[k].low
		}
		return ""
	}
	// adjectives of one or two words, "u.s." written with dots
	type adj struct {
		text string
		next int
	}
	var adjs []adj
	if w := word(k); w != "" {
		adjs = append(adjs, adj{w, k + 1})
		if w2 := word(k + 1); w2 != "" {
			adjs = append(adjs, adj{w + " " + w2, k + 2})
		}
		if w == "u" && k+3 < len(toks) && toks[k+1].raw == "." && word(k+2) == "s" {
			n := k + 3
			if toks[n].raw == "." {
				n++
			}
			adjs = append(adjs, adj{"u.s", n})
		}
	}
	for i := len(adjs) - 1; i >= 0; i-- {
		a := adjs[i]
		def, _, found := currency.Name(word(a.next))
		if !found {
			continue
		}
		if code, ok := currency.Adjective(a.text, def); ok {
			return code, a.next + 1, true
		}
	}
	def, needsHint, found := currency.Name(word(k))
	if !found || needsHint && !hinted && word(k+1) != "sterling" {
		return "", k, false
	}
	if word(k) == "p" && (k >= len(toks) || toks[k].gap) {
		return "", k, false // "50p" only, attached
	}
	end = k + 1
	if def == "GBP" && word(end) == "sterling" {
		end++
	}
	return def, end, true
}

// moneyPrefix reads a money amount that starts with its currency at token
// i: "€50 billion", "US$5m", "c $ 16.4 million", "USD 200", "MAUD 60".
func (x *extraction) moneyPrefix(i int) (int, bool) {
	toks := x.toks
	t := toks[i]
	var unit string
	exp := 0
	start := i
	switch {
	case t.kind == 's' && currency.Symbol(firstRune(t.raw)) != "":
		unit = currency.Symbol(firstRune(t.raw))
		if t.raw == "$" {
			if code, s, ok := x.dollarPrefix(i); ok {
				unit, start = code, s
			}
		}
	case t.kind == 'w':
		code, e := currency.Code(t.raw)
		if code == "" && (t.low == "rs" || t.low == "inr") {
			code = "INR"
		}
		if code == "" {
			return i, false
		}
		unit, exp = code, e
		// "usd$ 15", "Rs. 500"
		if i+1 < len(toks) && !toks[i+1].gap && (toks[i+1].raw == "$" || toks[i+1].raw == ".") {
			i++
		}
	default:
		return i, false
	}
	k := i + 1
	if k >= len(toks) || toks[k].nl {
		return i, false
	}
	n, ok := parseNum(toks, k)
	if !ok || (n.words && !isNumberWord(toks[k].low) && toks[k].low != "a") {
		return i, false
	}
	sc := parseScale(toks, n.j, n, true)
	m := amount{start: start, end: sc.j, unit: unit, scaled: sc.exp > 0 || exp > 0}
	if exp > 0 && sc.exp == 0 {
		sc.exp = exp
	}
	// "$5-7bn": the low end borrows the scale of the high end
	hi, hiExp, hasHi := x.moneyHigh(sc.j, start, unit)
	if hasHi && sc.exp == 0 {
		sc.exp = hiExp
	}
	m.value = scaledValue(n, sc)
	if hasHi && hi.value < m.value {
		hasHi = false
		m.value = scaledValue(n, parseScale(toks, n.j, n, true))
	}
	if hasHi {
		x.addMoney(m, n)
		x.addMoney(hi, n)
		return hi.end, true
	}
	// "$ 10 dollars", "US$ 5 million dollars": a repeated currency name
	if u, e, ok := currencyWord(toks, m.end, true); ok && (u == unit || currency.DollarFamily(u) && currency.DollarFamily(unit)) {
		m.end = e
	} else if c, _ := isoCodeAt(toks, m.end); c != "" && c == unit {
		m.end++
	}
	x.cents(&m)
	x.addMoney(m, n)
	return m.end, true
}

func isoCodeAt(toks []token, k int) (string, int) {
	if k < len(toks) && toks[k].kind == 'w' {
		return currency.Code(toks[k].raw)
	}
	return "", 0
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// dollarPrefix looks for the letters before the "$" at token i ("US$",
// "c $", "u.s. $") and returns the currency and the token they start at.
func (x *extraction) dollarPrefix(i int) (string, int, bool) {
	toks := x.toks
	if i == 0 {
		return "", i, false
	}
	// collect up to four tokens of letters and dots before the sign
	var b strings.Builder
	start := i
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		t := toks[k]
		if t.kind != 'w' && t.raw != "." {
			break
		}
		if k+1 < len(toks) && k+1 != i && toks[k+1].gap {
			break
		}
		start = k
		b.Reset()
		for m := start; m < i; m++ {
			b.WriteString(toks[m].low)
		}
		code, spaced, ok := currency.DollarPrefix(b.String())
		if !ok {
			continue
		}
		if toks[i].gap && !spaced {
			continue
		}
		// the prefix must start a word: "us $" but not "bonus $"
		if k > 0 && !toks[k].gap && toks[k-1].kind == 'w' {
			continue
		}
		// single-letter prefixes are capitals when written attached: "C$", "A$", "S$", "R$"
		if len(b.String()) == 1 && !toks[i].gap && toks[k].raw == toks[k].low {
			continue
		}
		return code, k, true
	}
	return "", i, false
}

// currencyAfter reads the currency written after an amount: a sign ("10 €"),
// a code ("115USD", "50 million USD", "30 MUSD"), a name ("77m euros",
// "420 million finnish markka") or a hyphenated name ("12-cent").
func (x *extraction) currencyAfter(k int, hinted bool) (unit string, exp int, end int, ok bool) {
	toks := x.toks
	if k >= len(toks) || toks[k].nl {
		return "", 0, k, false
	}
	t := toks[k]
	if t.kind == 's' && currency.Symbol(firstRune(t.raw)) != "" {
		// "1 $10 dollars": the sign belongs to the number after it
		if n, ok := parseNum(toks, k+1); ok && !n.words {
			sym := currency.Symbol(firstRune(t.raw))
			if u, _, ok := currencyWord(toks, n.j, true); ok && (u == sym || currency.DollarFamily(u) && currency.DollarFamily(sym)) {
				return "", 0, k, false
			}
		}
		return currency.Symbol(firstRune(t.raw)), 0, k + 1, true
	}
	if t.kind == 'w' {
		// "3 USD50": the code belongs to the number glued after it
		if c, e := currency.Code(t.raw); c != "" && (k+1 >= len(toks) || toks[k+1].gap || toks[k+1].kind != 'n') {
			return c, e, k + 1, true
		}
	}
	if t.raw == "-" && !t.gap && k+1 < len(toks) && !toks[k+1].gap {
		if u, e, ok := currencyWord(toks, k+1, hinted); ok && e == k+2 {
			return u, 0, e, true
		}
		return "", 0, k, false
	}
	if t.kind == 'w' {
		if u, e, ok := currencyWord(toks, k, hinted); ok {
			return u, 0, e, true
		}
	}
	return "", 0, k, false
}

// cents extends a whole dollar (or yuan) amount with the cents written after
// it: "3 dollars 50 cents", "thirteen dollars and forty-five cents",
// "C$ 100 and fifty", "10 $ 30 cent", "17 USD 25".
func (x *extraction) cents(m *amount) {
	toks := x.toks
	if m.scaled || !(currency.DollarFamily(m.unit) || m.unit == "EUR" || m.unit == "GBP") {
		return
	}
	if m.value != float64(int64(m.value)) || m.value > 1e9 {
		return
	}
	k := m.end
	if k < len(toks) && toks[k].low == "and" {
		k++
	}
	if k >= len(toks) || toks[k].nl {
		return
	}
	n, ok := parseNum(toks, k)
	if !ok || n.dec || n.grp {
		return
	}
	c := int(n.value())
	if c < 1 || c > 99 || n.value() != float64(c) {
		return
	}
	end := n.j
	if end < len(toks) && (toks[end].low == "cent" || toks[end].low == "cents" || toks[end].low == "pence" || toks[end].low == "p") {
		end++
	} else if end < len(toks) {
		nx := toks[end]
		if _, _, _, ok := x.currencyAfter(end, true); ok {
			return
		}
		if nx.kind == 'w' && (pluralNoun(nx.raw) || spacedScales[nx.low] > 0 || nx.low == "percent") {
			return
		}
		if nx.kind == 's' && (nx.raw == "%" || nx.raw == "-") {
			return
		}
		if nx.kind == 'n' {
			return
		}
	}
	v, err := strconv.ParseFloat(strconv.FormatInt(int64(m.value), 10)+"."+twoDigits(c), 64)
	if err != nil {
		return
	}
	m.value, m.end = v, end
}

func twoDigits(c int) string {
	if c < 10 {
		return "0" + strconv.Itoa(c)
	}
	return strconv.Itoa(c)
}
