package figures

import (
	"newsdesk/corpus/figures/currency"
	"sort"
	"sync"
)

// Kind is the type of a key figure.
type Kind string

// The kinds of figure Extract reports.
const (
	Money    Kind = "money"
	Percent  Kind = "percent"
	Count    Kind = "count"
	Quantity Kind = "quantity"
	Date     Kind = "date"
	Year     Kind = "year"
	Score    Kind = "score" // a match result: "17-12"
)

// Kinds returns the kinds Extract reports, in the order they are listed.
func Kinds() []Kind { return []Kind{Money, Percent, Count, Quantity, Date, Year, Score} }

// Figure is a number a reader would call key, found in a piece of text.
//
// Values are normalized so that two texts stating the same figure compare
// equal: "50bn euros" and "€50 billion" are both Money 5e10 EUR. Money is
// in the currency's main unit with its ISO code (minor units are the
// exception: "50 cents" is 50 "cent", as in the Recognizers-Text specs);
// a Percent is the number written (60 for "60 percent") with Unit "%" or
// "pp" for percentage points; a Year is the year; a Date is YYYYMMDD with
// 0 for parts not stated and its ISO form in Unit ("2024-03-11",
// "2008-05", "--03-11"); a Count is the number and Subject the counted noun
// phrase; a Quantity has the unit in Unit ("second", "km", "tonne").
//
// A range ("2019-2024", "between 10 and 20 percent", "€5-7bn") is reported
// as two figures, one per end, sharing the kind and unit of the end that
// states them.
type Figure struct {
	Text      string  // the verbatim span with its qualifier: "over €50 billion", "32", "44.93 seconds"
	Start     int     // byte offset of Text in the input
	End       int     // byte offset just past Text
	Kind      Kind    // money, percent, count, quantity, date, year, score
	Value     float64 // normalized: 5e10 for "€50 billion", 60 for "60 percent", 2019 for a year
	Unit      string  // ISO currency code for money ("EUR"), unit for quantities ("second"), "%" for percent
	Qualifier string  // as written: "over", "nearly", "about", "up to", "more than"; "" when none
	Subject   string  // what it is about: the counted noun or nearby noun phrase ("support", "NATO members")
	Period    string  // the period it refers to when stated ("2024", "fourth quarter"); "" when none
	Sentence  string  // the sentence the figure is in
}

// Extract returns the key figures in text, in order of appearance. For each
// figure text[f.Start:f.End] == f.Text. It never panics and returns nil
// when text states no figure.
//
// What is left out on purpose: names and page furniture ("Article 5",
// "G7", "Boeing 747", "COVID-19", list and section numbers, "one of the"),
// phone numbers, times, links, and bare numbers that count nothing ("the
// two sides"). A four-digit number from 1600 to 2100 written without a
// separator is a year ("2003 bond deal", "1988 sales").
func Extract(text string) []Figure { return extract(text, nil) }

// extract is Extract appending the figures to figs[:0], so that a caller
// reading many texts can reuse one slice.
func extract(text string, figs []Figure) []Figure {
	buf := tokenPool.Get().(*[]token)
	defer func() {
		clear(*buf) // drop the references to text
		tokenPool.Put(buf)
	}()
	*buf = appendTokens((*buf)[:0], text)
	x := &extraction{text: text, toks: *buf, figs: figs[:0]}
	joins := scanDigitJoins(text)
	iso := x.isoDates(joins)
	markReserved(text, x.toks, joins, iso)
	x.scan()
	if len(x.figs) == 0 {
		return x.figs // nil, unless figs was not
	}
	sort.SliceStable(x.figs, func(a, b int) bool { return x.figs[a].Start < x.figs[b].Start })
	x.context()
	return x.figs
}

// tokenPool keeps token slices between Extract calls: indexing extracts
// the figures of every passage, and the tokens are a sixth of what it
// allocates. No token outlives its call; figures hold only text.
var tokenPool = sync.Pool{New: func() any { return new([]token) }}

// extraction holds the state of one Extract call.
type extraction struct {
	text string
	toks []token
	figs []Figure
}

// add records a figure spanning tokens [i, end).
func (x *extraction) add(f Figure, i, end int) {
	if i >= end || end > len(x.toks) {
		return
	}
	f.Start, f.End = x.toks[i].s, x.toks[end-1].e
	f.Text = x.text[f.Start:f.End]
	x.figs = append(x.figs, f)
}

func (x *extraction) addMoney(m amount, _ number) {
	x.add(Figure{Kind: Money, Value: m.value, Unit: m.unit}, m.start, m.end)
}

// scan walks the tokens and records every figure.
func (x *extraction) scan() {
	// Each reader tries to read a figure at token i and returns where it
	// ended; the first that reads one wins.
	readers := []func(i int) (int, bool){x.date, x.moneyPrefix, x.percentOf, x.number}
	for i := 0; i < len(x.toks); {
		next := i + 1
		if !x.toks[i].res {
			for _, read := range readers {
				if j, ok := read(i); ok {
					next = j
					break
				}
			}
		}
		i = next
	}
}

// number reads the figure that starts with a number at token i. ok says
// tokens were consumed (possibly without a figure, for names like "G7").
func (x *extraction) number(i int) (int, bool) {
	toks := x.toks
	n, ok := parseNum(toks, i)
	if !ok {
		return i, false
	}
	if end, ok := x.score(n); ok {
		return end, true
	}
	if !n.words {
		end := n.j
		for end < len(toks) && !toks[end].gap && toks[end].kind == 'w' && attachedScales[toks[end].low] == 0 &&
			attachedUnits[toks[end].raw] == "" && quantityUnits[toks[end].low] == "" && !currencyLike(toks[end]) {
			end++ // "747s", "3D": a name
		}
		if end > n.j || x.insideWord(i, n.j) || x.listMarker(i) {
			return end, true
		}
	}
	f, end, ok := x.classify(n)
	if ok && f.Kind == Year {
		if r, ok := x.yearRange(n); ok {
			return r, true
		}
	}
	if !ok {
		if r, ok := x.rangeFrom(n); ok {
			return r, true
		}
		if f, end, ok := x.total(n); ok {
			x.add(f, x.signStart(i), end)
			return end, true
		}
		if f, end, ok := x.bracketed(n); ok {
			x.add(f, i, end)
			return end, true
		}
		return n.j, true
	}
	x.add(f, x.signStart(i), end)
	return end, true
}

// timeZones are the zone abbreviations that follow a four-digit time of day
// ("1600 GMT"), written in capitals.
var timeZones = setOf(`GMT UTC BST CET CEST EET EEST WET WEST EST EDT CST CDT MST MDT PST PDT IST JST HKT
SGT AEST AEDT AWST NZST NZDT MSK`)

func currencyLike(t token) bool {
	if c, _ := currency.Code(t.raw); c != "" {
		return true
	}
	if t.low == "st" || t.low == "nd" || t.low == "rd" || t.low == "th" {
		return false
	}
	_, _, ok := currency.Name(t.low)
	return ok
}

// signStart returns the first token of the number at i with its sign: "-5%",
// "minus five percent".
func (x *extraction) signStart(i int) int {
	toks := x.toks
	if i > 0 && (toks[i-1].raw == "-" || toks[i-1].raw == "\u2212") && !toks[i].gap &&
		(i == 1 || toks[i-1].gap || toks[i-1].nl) {
		return i - 1
	}
	if i > 0 && toks[i-1].low == "minus" {
		return i - 1
	}
	return i
}

// scaledUnit reads the unit of a quantity written with a scale word at
// token k ("million tonnes"): not metres, which "m" already is, and not the
// first half of a hyphenated word ("2 million day-trippers").
func (x *extraction) scaledUnit(k int) (unit string, end int, ok bool) {
	u, end, ok := x.quantityAfter(k)
	if !ok || u == "m" || end < len(x.toks) && x.toks[end].raw == "-" && !x.toks[end].gap {
		return "", k, false
	}
	return u, end, true
}

// classify decides what the number n is: money, percent, quantity, year or
// count. It reports false for a bare number.
func (x *extraction) classify(n number) (Figure, int, bool) {
	toks := x.toks
	sign := 1.0
	if s := x.signStart(n.i); s < n.i {
		sign = -1
	}
	sc := parseScale(toks, n.j, n, false)
	k := sc.j
	// money: "77m euros", "420 million finnish markka", "115USD", "12-cent"
	if unit, exp, end, ok := x.currencyAfter(k, sc.exp > 0); ok {
		if sc.exp == 0 && k+1 < len(toks) {
			if e := parseScale(toks, end, number{words: true}, true); e.exp > 0 {
				sc.exp, end = e.exp, e.j // "75 USD million"
			}
		}
		if exp > 0 && sc.exp == 0 {
			sc.exp = exp
		}
		if sc.maybe {
			sc.maybe = false
		}
		m := amount{start: n.i, end: end, unit: unit, scaled: sc.exp > 0}
		m.value = sign * scaledValue(n, sc)
		x.cents(&m)
		return Figure{Kind: Money, Value: m.value, Unit: m.unit}, m.end, true
	}
	if n.words && n.mant == "1" && sc.exp == 0 {
		return Figure{}, 0, false // "one" counts nothing worth reporting
	}
	if unit, end, ok := x.percentAfter(k); ok && sc.exp == 0 {
		return Figure{Kind: Percent, Value: sign * n.value(), Unit: unit}, end, true
	}
	if sc.maybe {
		// "1.4m workers" is a million workers, "3m tonnes" a million
		// tonnes, "the 100m final" metres
		if u, end, ok := x.scaledUnit(sc.j); ok {
			return Figure{Kind: Quantity, Value: sign * scaledValue(n, sc), Unit: u}, end, true
		}
		if noun, _, ok := x.countedNoun(sc.j); ok {
			return Figure{Kind: Count, Value: sign * scaledValue(n, sc), Subject: noun}, sc.j, true
		}
		return Figure{Kind: Quantity, Value: sign * n.value(), Unit: "m"}, sc.j, true
	}
	if x.designation(n.i) {
		return Figure{}, 0, false
	}
	if sc.exp == 0 && n.year() && k < len(toks) && toks[k].gap && !toks[k].nl && timeZones[toks[k].raw] {
		return Figure{}, 0, false // "at 1600 GMT": a time of day, as BBC fixtures write it
	}
	if sc.exp == 0 && n.year() && sign > 0 {
		if k < len(toks) && !toks[k].gap && toks[k].raw == "s" {
			return Figure{Kind: Year, Value: n.value()}, k + 1, true // "the 1990s"
		}
		if u, end, ok := x.quantityAfter(k); ok && u != "year" && u != "day" && u != "week" && u != "month" && !toks[k].gap {
			return Figure{Kind: Quantity, Value: n.value(), Unit: u}, end, true
		}
		return Figure{Kind: Year, Value: n.value()}, n.j, true
	}
	if sc.exp == 0 {
		if u, end, ok := x.quantityAfter(k); ok {
			if u == "second" && !n.dec && toks[k].raw == "s" {
				// "the 80s", "her 30s", "over-65s", "747s": a decade, an age
				// group or a plural. News writes seconds in full or with a
				// decimal ("44.93s"); the BBC set has no whole "30s" meaning
				// seconds.
				return Figure{}, 0, false
			}
			return Figure{Kind: Quantity, Value: sign * n.value(), Unit: u}, end, true
		}
	}
	if sc.exp > 0 {
		// "5.5 million tonnes", "2 million barrels"
		if u, end, ok := x.scaledUnit(k); ok {
			return Figure{Kind: Quantity, Value: sign * scaledValue(n, sc), Unit: u}, end, true
		}
	}
	if noun, end, ok := x.groupSize(k); ok && sc.exp == 0 {
		return Figure{Kind: Count, Value: sign * n.value(), Subject: noun}, end, true
	}
	if noun, _, ok := x.countedNoun(k); ok {
		if n.small && n.i > 0 && determiners[toks[n.i-1].low] {
			return Figure{}, 0, false
		}
		return Figure{Kind: Count, Value: sign * scaledValue(n, sc), Subject: noun}, k, true
	}
	return Figure{}, 0, false
}
