package figures

import (
	"newsdesk/corpus/figures/currency"
	"strings"
	"unicode"
)

// functionWords end a noun phrase: articles, prepositions, pronouns,
// auxiliaries and the like.
var functionWords = setOf(`a an the of in on at by for from to with without and or but nor as than that
this these those which who whom whose what when where while if then so such not no its their his her our
my your it they he she we you i is are was were be been being has have had do does did will would shall
should can could may might must also more most less least about over under into onto per each every all
some any both either neither other another up down out off after before since until during between among
through via including plus minus just only even still yet already there here very much many few said says
say times like around nearly almost roughly`)

// determiners before a spelled-out small number make it a reference, not a
// count: "the two sides", "both three".
var determiners = setOf(`the these those its their his her our my your both all`)

// designators name a thing by number: "Article 5", "section 3.2", "No. 10".
var designators = setOf(`article articles section sections chapter chapters paragraph para clause clauses
item items page pages figure fig table no nos number version rule resolution amendment phase stage level
tier grade round step part volume vol issue episode season room flight route platform gate seat category
class type model series lane highway interstate channel act title schedule annex appendix exhibit line
block floor building district ward precinct zone sector division game match day week art sec ch p pp`)

// irregularPlurals are counted nouns that do not end in "s".
var irregularPlurals = setOf(`people men women children police staff personnel cattle sheep fish deer
aircraft crew feet teeth mice geese livestock infantry clergy`)

// notCounted are words that end in "s" but count nothing a reader wants.
var notCounted = setOf(`times ones others is was has does goes as us its yes plus thus always perhaps
whereas unless across less news series means percents`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// pluralNoun reports whether the word looks like a plural noun a number can
// count: lower case or an acronym plural ("MPs"), ending in "s", or an
// irregular plural.
func pluralNoun(raw string) bool {
	low := strings.ToLower(raw)
	if irregularPlurals[low] {
		return raw == low
	}
	if notCounted[low] || len(low) < 3 || !strings.HasSuffix(low, "s") {
		return false
	}
	if strings.HasSuffix(low, "ss") || strings.HasSuffix(low, "us") || strings.HasSuffix(low, "is") {
		return false
	}
	if def, _, _ := currency.Name(low); months[low] > 0 || def != "" || quantityUnits[low] != "" {
		return false
	}
	if raw == low {
		return true
	}
	// "MPs", "NGOs": capitals then a lower-case s
	stem := raw[:len(raw)-1]
	return len(stem) >= 2 && stem == strings.ToUpper(stem)
}

// countedNoun reads the noun phrase a number counts, starting at token k:
// up to three words ending in a plural noun ("NATO members", "fighter
// jets", "workers"). It returns the token after the phrase.
func (x *extraction) countedNoun(k int) (string, int, bool) {
	toks := x.toks
	first := k
	for n := 0; n < 3 && k < len(toks); n++ {
		t := toks[k]
		if t.kind != 'w' || t.nl || (n == 0 && !t.gap) || functionWords[t.low] {
			return "", first, false
		}
		if n > 0 && !t.gap {
			return "", first, false
		}
		// a hyphenated compound counts as one word: "box-office receipts"
		end := k + 1
		for end+1 < len(toks) && toks[end].raw == "-" && !toks[end].gap && !toks[end+1].gap && toks[end+1].kind == 'w' {
			end += 2
		}
		last := toks[end-1]
		if pluralNoun(last.raw) {
			return x.text[toks[first].s:last.e], end, true
		}
		k = end
	}
	return "", first, false
}

// totalLinks are the words that join a total to the noun it counts when the
// noun comes first: "headcount to 76,000", "users grew by 1.4 million to
// 44.9 million", "membership stood at 12,000". totalSkips may stand among
// them but link nothing on their own: "adults at 18" and "people are over
// 80" are ages.
var (
	totalLinks = setOf(`to by of from reached reaches hit hits totalled totaled totalling stood stands
rose risen rise rises grew grown grow grows fell fallen fall falls increased increases jumped climbed
dropped declined`)
	totalSkips = setOf(`at now is was are were been`)
)

// totalNouns are singular nouns for a number of people or things:
// "bringing its headcount to about 76,000".
var totalNouns = setOf(`headcount workforce population membership attendance turnout crowd audience
readership circulation enrolment enrollment`)

// notTotals are plural nouns whose number is a measure, not a count: "the
// ages of 10 and 17", "speeds of 1-2mbps", "odds of 8-1".
var notTotals = setOf(`ages speeds odds scores budgets rates prices costs levels temperatures sizes
heights weights lengths distances forecasts dates places`)

// total reads a bare number n as a count of the noun phrase before it (see
// countedBefore): "bringing its headcount to about 76,000". It reports
// false for a small number in words, one followed by a name ("14 Tests"),
// a partitive ("11 of the 12") or a multiple ("150 times").
func (x *extraction) total(n number) (Figure, int, bool) {
	toks := x.toks
	if n.words && n.small {
		return Figure{}, 0, false
	}
	sc := parseScale(toks, n.j, n, false)
	if sc.exp > 0 && toks[n.j].raw == "m" || x.designation(n.i) {
		return Figure{}, 0, false // "13.77m": metres as likely as millions; "No 1"
	}
	if k := sc.j; k < len(toks) {
		next := toks[k]
		if !next.gap && next.kind != 's' || next.raw == "-" || next.low == "of" || notCounted[next.low] ||
			next.kind == 'w' && next.raw != next.low {
			return Figure{}, 0, false
		}
	}
	noun, ok := x.countedBefore(n.i, sc.exp == 0 && !n.dec && n.value() < 120)
	if !ok {
		return Figure{}, 0, false
	}
	sign := 1.0
	if s := x.signStart(n.i); s < n.i {
		sign = -1
	}
	return Figure{Kind: Count, Value: sign * scaledValue(n, sc), Subject: noun}, sc.j, true
}

// bracketed reads a bare number in brackets right after a plural noun as a
// count of it: "the fourth largest number of registered players (125,508)".
// A number below 10 without a scale is a list or note marker ("rules (3)"),
// and a noun of notTotals makes it a measure ("scores (18)").
func (x *extraction) bracketed(n number) (Figure, int, bool) {
	toks := x.toks
	i := n.i
	if n.words || i < 2 || toks[i].gap || toks[i-1].raw != "(" || !toks[i-1].gap || toks[i-1].nl {
		return Figure{}, 0, false
	}
	sc := parseScale(toks, n.j, n, false)
	if sc.j >= len(toks) || toks[sc.j].raw != ")" || toks[sc.j].gap || sc.exp == 0 && !n.grp && n.value() < 10 ||
		sc.exp > 0 && toks[n.j].raw == "m" {
		return Figure{}, 0, false
	}
	t := toks[i-2]
	if t.kind != 'w' || t.raw != t.low || notTotals[t.low] || !(pluralNoun(t.low) || totalNouns[t.low]) {
		return Figure{}, 0, false
	}
	return Figure{Kind: Count, Value: scaledValue(n, sc), Subject: x.text[toks[x.phraseStart(i-2)].s:t.e]}, sc.j, true
}

// countedBefore reads the noun phrase a bare number counts when the noun
// comes before it, as in "bringing its headcount to about 76,000" and
// "mobile phone users grew by 1.4 million to 44.9 million". Going back
// from token i it passes over a qualifier, the words of totalLinks (at
// least one) and totalSkips, and an earlier number of the same clause, and
// takes the noun phrase before them when it ends in a plural noun (not one
// of notTotals) or a word of totalNouns. small says the number is a whole
// number below 120, which "of" or "from" after the noun make an age ("kids
// of 15", "workers from 60 to 65"). Punctuation and line breaks end the
// search, and so does a word before the noun that makes it a verb ("which
// runs from 10", "It compares to 27 million").
func (x *extraction) countedBefore(i int, small bool) (string, bool) {
	toks := x.toks
	link := "" // the link word next to the noun
	for j, steps := i-1, 0; j >= 0 && steps < 8; j, steps = j-1, steps+1 {
		t := toks[j]
		if toks[j+1].nl || !toks[j+1].gap {
			return "", false // a new line, or "-", "(" or "£" right before
		}
		switch {
		case t.kind == 'n' || spacedScales[t.low] > 0:
			continue // "by 1.4 million to …"
		case t.kind != 'w':
			return "", false
		case totalLinks[t.low]:
			link = t.low
			continue
		case totalSkips[t.low] || qualifierWords[t.low]:
			continue
		}
		opens := j == 0 || toks[j].nl || strings.ContainsAny(toks[j-1].raw, ".!?\"“")
		if link == "" || (t.raw != t.low && !opens) || notTotals[t.low] || !(pluralNoun(t.low) || totalNouns[t.low]) {
			return "", false
		}
		if j > 0 && !opens && (toks[j-1].kind != 'w' || verbOpeners[toks[j-1].low] || toks[j-1].raw != toks[j-1].low ||
			strings.HasSuffix(toks[j-1].low, "ly")) {
			return "", false // "which runs", "It compares", "Melcher dies", "and officially runs"
		}
		if small && (link == "of" || link == "from") {
			return "", false // "kids of 15", "workers from 60 to 65": an age
		}
		return x.text[toks[x.phraseStart(j)].s:t.e], true
	}
	return "", false
}

// phraseStart returns the first token of the noun phrase that ends with
// the noun at token j: up to two lower-case words before it that may
// describe it ("mobile phone users", "registered players").
func (x *extraction) phraseStart(j int) int {
	toks := x.toks
	first := j
	for first > 0 && j-first < 2 && subjectWord(toks[first-1]) && toks[first].gap && !toks[first].nl &&
		toks[first-1].raw == toks[first-1].low && !isNumberWord(toks[first-1].low) {
		first--
	}
	return first
}

// verbOpeners before a word ending in "s" make it a verb: "which runs",
// "it compares", "and runs".
var verbOpeners = setOf(`which that who it he she they this what and also then`)

// qualifierWords are the words of the qualifiers ("about", "more", "than").
var qualifierWords = func() map[string]bool {
	m := map[string]bool{}
	for _, q := range qualifiers {
		for _, w := range strings.Fields(q) {
			m[w] = true
		}
	}
	return m
}()

// groupWords make a number the size of the group that follows it: "a
// 19-strong panel", "the 25-member bloc", "a 12-man squad".
var groupWords = setOf(`strong member man woman person seat`)

// groupSize reads a size written before a singular noun, starting at token
// k, the hyphen after the number: "-strong panel" gives "panel" and the
// token after "strong", so the figure reads "19-strong".
func (x *extraction) groupSize(k int) (string, int, bool) {
	toks := x.toks
	if k+2 >= len(toks) || toks[k].raw != "-" || toks[k].gap || toks[k+1].gap || toks[k+1].kind != 'w' || !groupWords[toks[k+1].low] {
		return "", k, false
	}
	noun := toks[k+2]
	if noun.kind != 'w' || !noun.gap || noun.nl || functionWords[noun.low] {
		return "", k, false
	}
	return noun.raw, k + 2, true
}

// capitalized reports whether a word has a capital letter: names and
// acronyms ("Boeing", "iPhone", "COP").
func capitalized(raw string) bool {
	for _, r := range raw {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// designation reports whether the number at token i names something rather
// than counting: "Article 5", "Boeing 747", "Section 3.2", "No. 10". A
// capitalized word counts as a name unless it starts the sentence, is a
// function word, or is a month.
func (x *extraction) designation(i int) bool {
	toks := x.toks
	if i == 0 || toks[i].nl {
		return false
	}
	p := toks[i-1]
	if p.raw == "." && i >= 2 && !p.gap && designators[toks[i-2].low] {
		return true // "No. 10", "p. 5"
	}
	if p.kind != 'w' || !p.gap && !p.nl { // nl: the word opens the text or a line
		return false
	}
	if designators[p.low] {
		return true
	}
	if !capitalized(p.raw) || functionWords[p.low] || months[p.low] > 0 {
		return false
	}
	return !x.sentenceStart(i - 1)
}

// sentenceStart reports whether token k begins a sentence or line.
func (x *extraction) sentenceStart(k int) bool {
	toks := x.toks
	if k == 0 || toks[k].nl {
		return true
	}
	p := toks[k-1].raw
	if p == "." || p == "!" || p == "?" || p == ":" || p == "\"" || p == "“" || p == "(" || p == "-" || p == "•" || p == "*" {
		return k == 1 || p != "(" || x.sentenceStart(k-1)
	}
	return false
}

// insideWord reports whether the number at tokens [i, j) is part of a word
// or name: "G7", "COVID-19", "F-16", "3D", "747s", "Q4".
func (x *extraction) insideWord(i, j int) bool {
	toks := x.toks
	if i > 0 && !toks[i].gap {
		p := toks[i-1]
		if p.kind == 'w' {
			return true
		}
		// "COVID-19", "F-16", "Su-27" but not "mid-2024"
		if (p.raw == "-" || p.raw == "‑") && i >= 2 && !p.gap && toks[i-2].kind == 'w' {
			return !prefixes[toks[i-2].low]
		}
		// "3-1": the second number of a score or of an ID
		if (p.raw == "-" || p.raw == "–") && i >= 2 && !p.gap && toks[i-2].kind == 'n' {
			return true
		}
		if p.kind == 'n' {
			return true
		}
	}
	return false
}

// prefixes may be hyphenated to a number that is still a figure: "mid-2024".
var prefixes = setOf(`mid pre post early late end`)

// listMarker reports whether the number at token i numbers a list item or
// heading: "1." or "2)" at the start of a line, "(3)".
func (x *extraction) listMarker(i int) bool {
	toks := x.toks
	t := toks[i]
	next := ""
	if i+1 < len(toks) && !toks[i+1].gap {
		next = toks[i+1].raw
	}
	atLineStart := t.nl || i > 0 && toks[i-1].nl && (toks[i-1].raw == "-" || toks[i-1].raw == "*" || toks[i-1].raw == "•" || toks[i-1].raw == "(" || toks[i-1].raw == "#")
	if atLineStart && (next == "." || next == ")") {
		return i+2 >= len(toks) || toks[i+2].gap
	}
	if i > 0 && toks[i-1].raw == "(" && !t.gap && next == ")" && !t.dec && len(t.mant) <= 2 {
		return true
	}
	// "3.2 Results": a numbered heading
	if t.nl && t.dec && !t.grp && i+1 < len(toks) && toks[i+1].gap && toks[i+1].kind == 'w' && capitalized(toks[i+1].raw) && !currencyLike(toks[i+1]) {
		return true
	}
	return false
}
