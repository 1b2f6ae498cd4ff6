package answer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"newsdesk/corpus/figures"
)

// requirement is what a passage must hold to be shown as the answer, not
// only ranked: the ranking prefers what fits, and a passage that fits
// nothing still ranks; this says whether it answers at all. Unanswerable
// questions share most of their words with a real passage and differ in
// one thing: another year, another company, a figure the article never
// gives. A passage whose quote lacks the figure asked for, or whose
// article lacks the year asked about, is shown as related, not quoted.
type requirement struct {
	// kinds are the figures, one of which the passage must hold, when the
	// question's own words ask for one ("how much", "how many", "what
	// share"); nil when they do not.
	kinds []figures.Kind
	// units are the quantity units that answer ("how tall" wants a
	// length, "how hot" a temperature); nil when any unit does.
	units map[string]bool
	// counted are the terms of what "how many" counts: a quantity answers
	// only when its unit is one of them ("How many seasonal pickers…?" is
	// not answered by "41,000 tonnes of fruit", "How many miles…?" is by
	// "26 miles").
	counted []string
	// years are the years the question names ("in the fourth quarter of
	// 2024"): the article must name each. Another year's figure is no
	// answer, and the article that gives it often restates the rest.
	years []string
}

// Units a measure is given in, by what it measures.
var (
	timeUnits   = []string{"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
	lengthUnits = []string{"km", "m", "cm", "mm", "mile", "foot", "inch", "yard"}
	heightUnits = []string{"m", "cm", "mm", "foot", "inch", "yard"}
	speedUnits  = []string{"mph", "km/h", "knot"}
	heatUnits   = []string{"°C", "°F", "degree"}
)

// measureCues are the question openings that ask for a measure in one of
// units (or a percentage, when pct is set: "how fast did sales grow?").
var measureCues = []struct {
	cue   string
	units [][]string
	pct   bool
}{
	{"how tall", [][]string{heightUnits}, false},
	{"how deep", [][]string{lengthUnits}, false},
	{"how wide", [][]string{lengthUnits}, false},
	{"how far", [][]string{lengthUnits}, true},
	{"how fast", [][]string{speedUnits, timeUnits, {"Mbps", "Gbps"}}, true},
	{"how hot", [][]string{heatUnits}, false},
	{"how cold", [][]string{heatUnits}, false},
	{"how warm", [][]string{heatUnits}, false},
}

// paidWords make "how much" ask for money only: what something costs, is
// paid or won. A change ("how much did the price rise?") may be a
// percentage, so changedWords lift it.
var (
	paidWords = []string{"cost", "costs", "spend", "spent", "prize", "money", "salary", "fee", "fees", "pay", "pays", "paid",
		"budget", "worth", "fine", "fined", "win", "won", "earn", "earns", "earned"}
	changedWords = []string{"rise", "rises", "rose", "risen", "fall", "falls", "fell", "fallen", "grow", "grows", "grew", "grown",
		"increase", "increased", "drop", "dropped", "jump", "jumped", "climb", "climbed", "gain", "gained", "shrink", "shrank",
		"decline", "declined", "reduce", "reduced", "raise", "raised", "cut", "more", "less"}
)

// require reads what a passage must hold to answer question; e is what
// expect read from it.
func require(question string, e expectation) requirement {
	q := strings.ToLower(strings.TrimSpace(question))
	r := requirement{years: questionYears(question)}
	for _, c := range measureCues {
		if !cueAt(q, c.cue) {
			continue
		}
		r.kinds = []figures.Kind{figures.Quantity}
		if c.pct {
			r.kinds = append(r.kinds, figures.Percent)
		}
		r.units = map[string]bool{}
		for _, us := range c.units {
			for _, u := range us {
				r.units[u] = true
			}
		}
		return r
	}
	if !e.cuedFigure() {
		return r
	}
	r.kinds, r.counted = e.kinds, e.counted
	if e.cue == "how much" {
		switch {
		case slices.ContainsFunc(paidWords, func(w string) bool { return e.words[w] }) &&
			!slices.ContainsFunc(changedWords, func(w string) bool { return e.words[w] }):
			r.kinds = []figures.Kind{figures.Money}
		default:
			// "How much would it save?" may be answered in lives.
			r.kinds = append(slices.Clone(r.kinds), figures.Count)
		}
	}
	switch {
	case e.cue == "how long": // "a 49-match unbeaten run"
		r.kinds = append(slices.Clone(r.kinds), figures.Count)
	case strings.Contains(q, "how many of "): // "60% of women"
		r.kinds = append(slices.Clone(r.kinds), figures.Percent)
	}
	return r
}

// cueAt reports whether q (lower case) asks cue: at its start or after a
// space, followed by a space, "?" or nothing ("how far?").
func cueAt(q, cue string) bool {
	for i := strings.Index(q, cue); i >= 0; {
		end := i + len(cue)
		if (i == 0 || q[i-1] == ' ') && (end == len(q) || q[end] == ' ' || q[end] == '?') {
			return true
		}
		next := strings.Index(q[end:], cue)
		if next < 0 {
			break
		}
		i = end + next
	}
	return false
}

// cuedFigure reports whether the question's own opening asks for a figure
// ("how much", "what share", "how many"), not a word that suggests one.
func (e expectation) cuedFigure() bool { return e.cue != "" && e.cue != "when" }

// questionYears returns the years question names ("in the fourth quarter
// of 2024").
func questionYears(question string) []string {
	var years []string
	for _, y := range yearWord.FindAllString(question, -1) {
		if !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	return years
}

// yearWord is a year on its own: not a decade ("the 1950s"), not part of
// a longer number.
var yearWord = regexp.MustCompile(`\b(1[6-9]\d\d|20\d\d|2100)\b`)

// holds reports whether quote holds the figure r asks for, and article
// (with its title) every year of the question; terms is the index's
// analyzer.
func (r requirement) holds(quote, article string, terms func(string) []string) bool {
	return r.lacks(quote, article, terms) == ""
}

// lacks is holds saying what is missing: "" when nothing is, else the kind
// of figure or the year.
func (r requirement) lacks(quote, article string, terms func(string) []string) string {
	if len(r.kinds) > 0 && !r.figureIn(quote, terms) {
		return fmt.Sprint(r.kinds)
	}
	if len(r.years) > 0 {
		in := map[string]bool{}
		for _, t := range terms(article) {
			in[t] = true
		}
		for _, y := range r.years {
			if !in[y] {
				return y
			}
		}
	}
	return ""
}

// figureIn reports whether quote holds a figure r asks for. The
// extraction keeps only the figures whose kind and subject it can tell;
// what it leaves out still answers: for a count, any other number ("at
// least 111 of the appointed bodies", "5,000 more copies", "six-time
// winner", "2000 guests", which it reads as a year); for a year or a date,
// a year before 1600, a month or a century; for a share, a fraction in
// words ("about a third").
func (r requirement) figureIn(quote string, terms func(string) []string) bool {
	figs := figures.Extract(quote)
	if slices.ContainsFunc(figs, func(f figures.Figure) bool { return r.answeredBy(f, terms) }) {
		return true
	}
	count := slices.Contains(r.kinds, figures.Count) || slices.Contains(r.kinds, figures.Quantity) && r.units == nil
	when := slices.Contains(r.kinds, figures.Year) || slices.Contains(r.kinds, figures.Date)
	for _, loc := range looseNumber.FindAllStringIndex(quote, -1) {
		if loc[0] > 0 && (quote[loc[0]-1] == '-' || isLetter(quote[loc[0]-1])) {
			continue // "Covid-19", "G8": part of a name
		}
		if loc[1] < len(quote) && quote[loc[1]] == '-' && loc[1]+1 < len(quote) && isDigit(quote[loc[1]+1]) {
			continue // "3-6": a score
		}
		k := slices.IndexFunc(figs, func(f figures.Figure) bool { return f.Start < loc[1] && loc[0] < f.End })
		switch {
		case k >= 0 && !(count && figs[k].Kind == figures.Year && !yearAfter.MatchString(quote[:loc[0]])):
			// judged above: it is a figure of another kind ("2000 guests"
			// is read as a year, "in 2000" is one)
		case count:
			return true
		case when && yearLike.MatchString(quote[loc[0]:loc[1]]):
			return true
		}
	}
	switch {
	case when:
		return whenMark.MatchString(quote)
	case slices.Contains(r.kinds, figures.Percent):
		return shareMark.MatchString(quote)
	}
	return false
}

func isLetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }
func isDigit(b byte) bool  { return '0' <= b && b <= '9' }

var (
	// looseNumber is a number in digits ("2000", "c1110") or in words
	// ("six", "six-time"; not "one", which is more often a pronoun).
	looseNumber = regexp.MustCompile(`(?i)\b(c?\d[\d,.]*|(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|dozens|hundreds|thousands|millions)(-[a-z]+)?)\b`)
	yearLike    = regexp.MustCompile(`^c?\d{3,4}$`)
	// yearAfter is the word before a number that makes it a year: "in 2000".
	yearAfter = regexp.MustCompile(`(?i)\b(in|since|until|till|of|from|to|before|after|between|and|during|early|late|mid)\s+$`)
	shareMark = regexp.MustCompile(`(?i)\b(half|thirds?|quarters?|fourths?|fifths?|tenths?|majority|minority|per ?cent)\b`)
	whenMark  = regexp.MustCompile(`(?i:\b(january|february|march|april|june|july|august|september|october|november|december|century|centuries)\b)|\bMay\b|\d0s\b`)
)

// answeredBy reports whether f is a figure of a kind, and unit, r asks for.
func (r requirement) answeredBy(f figures.Figure, terms func(string) []string) bool {
	switch {
	case !slices.Contains(r.kinds, f.Kind):
		return false
	case f.Kind != figures.Quantity:
		return true
	case r.units != nil:
		return r.units[f.Unit]
	case len(r.counted) > 0:
		return slices.ContainsFunc(terms(f.Unit), func(t string) bool { return slices.Contains(r.counted, t) })
	}
	return true
}
