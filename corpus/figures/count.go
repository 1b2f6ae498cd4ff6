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
