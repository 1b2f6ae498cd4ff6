package figures

import "newsdesk/corpus/figures/currency"

// Ranges ("2019-2024", "between 10 and 20 percent", "€5-7bn", "10 to 20
// million people") are reported as two figures, one per end. The low end
// takes the kind, unit and scale of the high end when it states none.

// rangeJoin reads a range joiner at token k ("-", "–", "to", or "and" when
// the low end at token lo follows "between") and returns the token after it.
func (x *extraction) rangeJoin(k, lo int) (int, bool) {
	toks := x.toks
	if k+1 >= len(toks) || toks[k].nl || toks[k+1].nl {
		return k, false
	}
	switch toks[k].low {
	case "-", "–", "to":
		return k + 1, true
	case "and":
		if lo > 0 && toks[lo-1].low == "between" {
			return k + 1, true
		}
	}
	return k, false
}

// rangeFrom reads a range whose low end n is a bare number: the high end
// decides what both are.
func (x *extraction) rangeFrom(n number) (int, bool) {
	toks := x.toks
	sc := parseScale(toks, n.j, n, false)
	if sc.maybe {
		return n.j, false
	}
	j, ok := x.rangeJoin(sc.j, n.i)
	if !ok {
		return n.j, false
	}
	hi, ok := parseNum(toks, j)
	if !ok || hi.words != n.words || x.designation(j) {
		return n.j, false
	}
	f, end, ok := x.classify(hi)
	if !ok || f.Kind == Year || f.Kind == Date {
		return n.j, false
	}
	low := n.value()
	if sc.exp > 0 {
		low = scaledValue(n, sc)
	} else if hsc := parseScale(toks, hi.j, hi, f.Kind == Money); hsc.exp > 0 && !hsc.maybe {
		low = scaledValue(n, scale{exp: hsc.exp})
	}
	if low > f.Value {
		return n.j, false
	}
	lf := f
	lf.Value = low
	x.add(lf, x.signStart(n.i), sc.j)
	x.add(f, j, end)
	return end, true
}

// yearRange reads "2019-2024", "2019–24", "2019 to 2024" and "between 2019
// and 2024" after the year n.
func (x *extraction) yearRange(n number) (int, bool) {
	toks := x.toks
	j, ok := x.rangeJoin(n.j, n.i)
	if !ok || j >= len(toks) || toks[j].kind != 'n' {
		return n.j, false
	}
	t := toks[j]
	low := int(n.value())
	var high int
	switch {
	case len(t.mant) == 4 && !t.dec && !t.grp:
		hn, _ := parseNum(toks, j)
		if !hn.year() {
			return n.j, false
		}
		high = int(hn.value())
	case len(t.mant) == 2 && !t.dec && (toks[n.j].raw == "-" || toks[n.j].raw == "–"):
		high = low/100*100 + int(parseDigits(t.mant))
	default:
		return n.j, false
	}
	if high <= low || j+1 < len(toks) && !toks[j+1].gap && (toks[j+1].kind == 'w' || toks[j+1].kind == 'n') {
		return n.j, false
	}
	x.add(Figure{Kind: Year, Value: float64(low)}, n.i, n.j)
	x.add(Figure{Kind: Year, Value: float64(high)}, j, j+1)
	return j + 1, true
}

func parseDigits(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}

// moneyHigh reads the high end of a money range after the low end's tokens
// (ending at k, starting at lo): "€5-7bn", "$5bn-$7bn", "$10 to $20".
func (x *extraction) moneyHigh(k, lo int, unit string) (amount, int, bool) {
	toks := x.toks
	j, ok := x.rangeJoin(k, lo)
	if !ok {
		return amount{}, 0, false
	}
	start := j
	if toks[j].kind == 's' && currency.Symbol(firstRune(toks[j].raw)) == unit {
		j++
	}
	n, ok := parseNum(toks, j)
	if !ok || n.words {
		return amount{}, 0, false
	}
	sc := parseScale(toks, n.j, n, true)
	if start == j && sc.exp == 0 && toks[k].kind == 'w' {
		return amount{}, 0, false // "$5 to 20 people"
	}
	m := amount{start: start, end: sc.j, unit: unit, scaled: sc.exp > 0, value: scaledValue(n, sc)}
	if u, e, ok := currencyWord(toks, m.end, true); ok && u == unit {
		m.end = e
	}
	return m, sc.exp, true
}
