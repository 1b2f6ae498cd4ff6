package answer

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"newsdesk/bot/rank"
	"newsdesk/corpus/figures"
	"newsdesk/corpus/split"
	"newsdesk/index"
)

// figurePool is how many figures of the best-matching passages a lookup
// ranks: the index finds the passages about a topic, and which of their
// figures is about it is decided here, from each figure's own sentence and
// article. 200 left the right figure of one of the 39 lookups of
// testdata/eval/conversations/figures.jsonl out of the pool.
const figurePool = 500

// How a figure is scored for a topic (see rankFigures). Each word of the
// topic earns a share of its weight: all of it when it stands within
// nearWords words of the figure in the figure's sentence, falling to
// farCredit at farWords words and beyond, a clause break counting as
// clauseGap words more ("GM earned $3.7bn, down from $3.8bn …, while its
// annual revenue rose 4.5% to $193bn": "revenue" is about $193bn). A word
// of the article's title or lead earns titleCredit for every figure of the
// article, which is how a figure whose sentence does not repeat the topic
// ("it fell to 9.6%") is found; being in the sentence too adds only
// repeatShare of the rest, since every figure of the article shares it —
// except for the topic's head word and the words that ask for a kind
// ("cost", "jobs"), which name the figure asked for. The head word weighs
// headWeight times its idf.
//
// The score is that share of the topic's weight, times:
//   - 1 for a figure of a kind the topic asks for, otherKind for another
//     (with no kind asked for, figures.Kind.Weight: a bare year comes last);
//   - 1+subjectBonus when the figure's own subject holds the head word;
//   - 1-positionWeight·p, p the figure's place in its article from 0 (the
//     start) to 1 (the end): news states its key figures first;
//   - comparedScale when the figure is what its sentence compares the news
//     with ("expected to grow by 5.7% in 2005, rather than 6%"), unless
//     the topic asks for the earlier figure ("previous forecast");
//   - unnamedScale when a name of the topic ("Reuters", "Brazil") is
//     neither in the figure's sentence, the sentences next to it, nor the
//     title or lead: "… told Reuters" at the end of a paragraph about
//     another company does not make its figures Reuters'.
//
// The values were set on figures.jsonl (see docs/quality.md); the rules,
// not the values, are what matters: each changes one or two of 39 lookups.
const (
	nearWords      = 3
	farWords       = 12
	farCredit      = 0.6
	clauseGap      = 3
	titleCredit    = 0.6
	repeatShare    = 0.5
	headWeight     = 1.5
	otherKind      = 0.35
	subjectBonus   = 0.1
	positionWeight = 0.3
	unnamedScale   = 0.5
	comparedScale  = 0.7
)

// figureTopic is a /figures topic as the ranking reads it.
type figureTopic struct {
	q     *rank.Query     // its search terms, their weights and other forms
	kinds []figures.Kind  // the kinds of figure it asks for; nil when none
	units map[string]bool // the units of the quantity it asks for ("distance": a length); nil when any
	cues  []string        // the search terms of its words that ask for a kind
	head  string          // the search term of its last word that is not a date: what is measured
	names []string        // the search terms of its capitalized words
	prior bool            // it asks for an earlier figure ("previous forecast")
}

// newFigureTopic reads topic (search text, see SearchText) for the
// ranking; q is its weighed query and terms the index's analyzer.
func newFigureTopic(q *rank.Query, topic string, terms func(string) []string) figureTopic {
	t := figureTopic{q: q}
	var cues []string
	t.kinds, cues = askedKinds(topic)
	t.prior = slices.ContainsFunc(strings.Fields(strings.ToLower(topic)), func(w string) bool { return priorWords[w] })
	for _, c := range cues {
		for _, u := range measureUnits[c] {
			if t.units == nil {
				t.units = map[string]bool{}
			}
			t.units[u] = true
		}
		t.cues = append(t.cues, terms(c)...)
	}
	words := strings.FieldsFunc(topic, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' })
	for i := len(words) - 1; i >= 0 && t.head == ""; i-- {
		w := words[i]
		if commonCapitalized[w] || strings.IndexFunc(w, unicode.IsLetter) < 0 {
			continue // "July", "2024": when, not what
		}
		if ts := terms(w); len(ts) > 0 {
			t.head = ts[len(ts)-1]
		}
	}
	for _, w := range words {
		if r := []rune(w); unicode.IsUpper(r[0]) && !commonCapitalized[w] {
			t.names = append(t.names, terms(w)...)
		}
	}
	return t
}

// rankedFigure is a figure found for a topic and its score.
type rankedFigure struct {
	index.FigureHit
	score float64
}

// rankFigures scores every figure of list for t (see the constants above)
// and sorts them, best first, equals by passage ID and place. texts maps
// the ID of each figure's article to its text.
func rankFigures(t figureTopic, list []index.FigureHit, texts map[string]string) []rankedFigure {
	leads := map[string]string{}
	for id, text := range texts {
		leads[id] = leadOf(text)
	}
	memo := map[string][]string{}
	terms := func(s string) []string {
		ts, ok := memo[s]
		if !ok {
			ts = t.q.Analyze(s)
			memo[s] = ts
		}
		return ts
	}
	weight := func(term string) float64 {
		if term == t.head {
			return headWeight * t.q.Weight[term]
		}
		return t.q.Weight[term]
	}
	var total float64
	for _, term := range t.q.Terms {
		total += weight(term)
	}
	if total == 0 {
		total = 1
	}
	// has reports whether ts holds term, one of its other forms, or a
	// word of the same stem ("recovered" for "recovery").
	has := func(ts []string, term string) bool {
		return slices.ContainsFunc(ts, func(x string) bool { return t.sameWord(x, term) })
	}

	out := make([]rankedFigure, len(list))
	for i, fh := range list {
		id := fh.Hit.Passage.ArticleID
		near := nearness(fh, terms)
		article := append(slices.Clone(terms(fh.Hit.Title)), terms(leads[id])...)
		var got float64
		named := true
		for _, term := range t.q.Terms {
			s := 0.0 // how near the figure the word stands in its sentence
			for x, c := range near {
				if t.sameWord(x, term) {
					s = max(s, c)
				}
			}
			c := s
			inArticle := has(article, term)
			if inArticle {
				share := repeatShare
				if term == t.head || slices.Contains(t.cues, term) {
					share = 1
				}
				c = titleCredit + share*max(0, s-titleCredit)
			}
			got += weight(term) * c
			if s == 0 && !inArticle && slices.Contains(t.names, term) && !has(terms(around(fh)), term) {
				named = false
			}
		}
		score := got / total * t.figureWeight(fh.Figure)
		if t.head != "" && has(terms(fh.Figure.Subject), t.head) {
			score *= 1 + subjectBonus
		}
		text := texts[id]
		if at := strings.Index(text, fh.Hit.Passage.Text); at >= 0 && len(text) > 0 {
			score *= 1 - positionWeight*float64(at+fh.Figure.Start)/float64(len(text))
		}
		if !named {
			score *= unnamedScale
		}
		if !t.prior && compared(fh) {
			score *= comparedScale
		}
		out[i] = rankedFigure{FigureHit: fh, score: score}
	}
	// Copies of a story score the same: the passage ID breaks the tie, so
	// the order does not depend on how the index happens to be merged.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		if a, b := out[i].Hit.Passage.ID, out[j].Hit.Passage.ID; a != b {
			return a < b
		}
		return out[i].Figure.Start < out[j].Figure.Start
	})
	return out
}

// sameWord reports whether the search term x is the topic's term, or one
// of its other forms (rank.Query.Alt), or shares its stem: of two terms of
// five letters or more, one begins with the other ("recov" of "recovered"
// and "recoveri" of "recovery", "quarter" and "quarterli"). The English
// stemmer keeps such nouns and verbs apart.
func (t figureTopic) sameWord(x, term string) bool {
	for _, o := range append([]string{term}, t.q.Alt[term]...) {
		if x == o || min(len(x), len(o)) >= 5 && (strings.HasPrefix(x, o) || strings.HasPrefix(o, x)) {
			return true
		}
	}
	return false
}

// nearness returns, for each search term of a figure's sentence, how near
// the figure it stands: 1 within nearWords words, down to farCredit at
// farWords words and beyond, a clause break (a comma, colon, semicolon,
// dash or bracket) counting as clauseGap words more. The figure's own words
// are left out.
func nearness(fh index.FigureHit, terms func(string) []string) map[string]float64 {
	sent := fh.Figure.Sentence
	out := map[string]float64{}
	at := strings.Index(fh.Hit.Passage.Text, sent)
	if sent == "" || at < 0 {
		for _, t := range terms(sent) {
			out[t] = farCredit
		}
		return out
	}
	from, to := fh.Figure.Start-at, fh.Figure.End-at // the figure in sent
	type word struct {
		s, e  int
		after bool // a clause break comes before it
	}
	var words []word
	start, brk := -1, false
	for i, r := range sent + " " {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			words = append(words, word{start, i, brk})
			start, brk = -1, false
		}
		if strings.ContainsRune(",;:—–()", r) {
			brk = true
		}
	}
	first, last := -1, -1 // the figure's words
	for i, w := range words {
		if w.e > from && w.s < to {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		for _, t := range terms(sent) {
			out[t] = farCredit
		}
		return out
	}
	for i, w := range words {
		if i >= first && i <= last {
			continue
		}
		lo, hi := i+1, first // the words up to the figure
		if i > last {
			lo, hi = last+1, i
		}
		d := hi - lo + 1
		for j := lo; j <= hi; j++ {
			if words[j].after {
				d += clauseGap
			}
		}
		c := 1.0
		if d > nearWords {
			c = 1 - (1-farCredit)*float64(min(d, farWords)-nearWords)/float64(farWords-nearWords)
		}
		for _, t := range terms(sent[w.s:w.e]) {
			out[t] = max(out[t], c)
		}
	}
	return out
}

// around returns the sentences before and after a figure's own in its
// passage.
func around(fh index.FigureHit) string {
	text := fh.Hit.Passage.Text
	spans := split.SentenceSpans(text)
	for i, sp := range spans {
		if sp.Start <= fh.Figure.Start && fh.Figure.Start < sp.End {
			var b strings.Builder
			if i > 0 {
				b.WriteString(text[spans[i-1].Start:spans[i-1].End])
			}
			if i+1 < len(spans) {
				b.WriteString(" ")
				b.WriteString(text[spans[i+1].Start:spans[i+1].End])
			}
			return b.String()
		}
	}
	return ""
}

// figureWeight is how much f is wanted: a figure of a kind the topic asks
// for fully (a quantity only in a unit it asks for), others at otherKind
// of figures.Kind.Weight; with no kind asked for, as figures.Kind.Weight
// ranks them (a bare year is rarely what is looked up).
func (t figureTopic) figureWeight(f figures.Figure) float64 {
	k := f.Kind
	if len(t.kinds) == 0 {
		return k.Weight()
	}
	if slices.Contains(t.kinds, k) && (k != figures.Quantity || t.units == nil || t.units[f.Unit]) {
		return 1
	}
	return otherKind * k.Weight()
}

// measureUnits are the units that answer a topic's measure word ("copper
// output volume": tonnes, not "three years").
var measureUnits = map[string][]string{
	"distance": lengthUnits, "length": lengthUnits, "height": heightUnits, "depth": lengthUnits, "width": lengthUnits,
	"weight":   {"kg", "g", "mg", "tonne", "lb", "oz"},
	"volume":   {"tonne", "kg", "barrel", "barrel/day", "litre", "gallon", "ml"},
	"speed":    append(slices.Clone(speedUnits), "Mbps", "Gbps"),
	"duration": timeUnits, "temperature": heatUnits,
}

// priorWords in a topic ask for the figure a sentence compares with.
var priorWords = map[string]bool{"previous": true, "previously": true, "earlier": true, "former": true,
	"original": true, "prior": true}

// compared reports whether fh is the figure its sentence compares the news
// with: "rather than 6%", "down from $3.8bn", "compared with a previous
// estimate of 12%", "from 60 to 65" (but not "from 48 metres").
func compared(fh index.FigureHit) bool {
	text, f := fh.Hit.Passage.Text, fh.Figure
	if f.Start < 0 || f.End > len(text) || f.Start > f.End {
		return false
	}
	before := strings.ToLower(text[max(0, f.Start-60):f.Start])
	if comparedCue.MatchString(before) {
		return true
	}
	return fromCue.MatchString(before) && toFigure.MatchString(text[f.End:])
}

var (
	comparedCue = regexp.MustCompile(`\b(rather than|instead of|down from|up from|compared (with|to)|previous (estimate|forecast|figure|record) of|previously)( (a|an|the|its))?( (previous|earlier|original))?( (estimate|forecast|figure|level|total))?( of)?\s*$`)
	fromCue     = regexp.MustCompile(`\bfrom\s*$`)
	toFigure    = regexp.MustCompile(`^\s+to\s+(about |around |nearly |almost |over |more than )?[$£€¥]?\d`)
)

// conversion reports whether fh restates, in another currency and in
// brackets, the amount just before it: "$6.6bn (£3.5bn)", "5bn rupees
// ($50m; £27m)". It is the same figure, shown once, by its first amount.
// An amount in the same currency is another figure: "£10m (£2m more than
// its budget)".
func conversion(fh index.FigureHit) bool {
	f, text := fh.Figure, fh.Hit.Passage.Text
	if f.Kind != figures.Money || f.Start > len(text) {
		return false
	}
	for _, g := range fh.Hit.Figures {
		if g.Kind == figures.Money && g.Unit != f.Unit && g.End <= f.Start && g.Start >= 0 &&
			conversionGap.MatchString(text[g.End:f.Start]) {
			return true
		}
	}
	return false
}

// conversionGap is what stands between an amount and its conversion: an
// opening bracket, and the conversions before it.
var conversionGap = regexp.MustCompile(`^\s*\((?:[^()]*;\s*)?$`)

// distinctRanked returns the first k figures of list, leaving out a figure
// when the same one (kind, value and unit) came before it from the same
// article or the same sentence (of a copy of the article), and an amount's
// conversion into another currency.
func distinctRanked(list []rankedFigure, k int) []rankedFigure {
	out := make([]rankedFigure, 0, min(k, len(list)))
	seen := map[string]bool{}
	for _, r := range list {
		if len(out) == k {
			break
		}
		if conversion(r.FigureHit) {
			continue
		}
		f := r.Figure
		same := fmt.Sprintf("%s|%g|%s", f.Kind, f.Value, f.Unit)
		inArticle, inSentence := r.Hit.Passage.ArticleID+"|"+same, f.Sentence+"|"+same
		if seen[inArticle] || seen[inSentence] {
			continue
		}
		seen[inArticle], seen[inSentence] = true, true
		out = append(out, r)
	}
	return out
}

// leadOf returns the first paragraph of an article's text: its first
// block that reads as prose, not a heading.
func leadOf(text string) string {
	for _, b := range strings.Split(text, "\n\n") {
		b = strings.TrimSpace(b)
		if strings.IndexFunc(b, unicode.IsLetter) >= 0 && !strings.HasPrefix(b, "#") && strings.ContainsAny(b, ".!?") {
			return b
		}
	}
	return ""
}

// kindWords are the words of a topic that ask for a kind of figure, as
// written (lower case). A topic may ask for two ("fare rise": an amount, or
// the rise as a percentage). Money starts from the words that make a
// question ask for an amount (moneyWords).
var kindWords = []struct {
	kind  figures.Kind
	words []string
}{
	{figures.Money, append(slices.Clone(moneyWords), "fare", "fares", "rent", "loan", "grant", "funding",
		"aid", "spending", "income", "earnings", "turnover", "wage", "wages", "debt", "deficit", "bill",
		"investment", "subsidy", "compensation", "bonus", "loss", "losses")},
	{figures.Percent, []string{"unemployment", "jobless", "growth", "inflation", "share", "rate", "rates",
		"percentage", "proportion", "margin", "turnout", "interest"}},
	// a change may be written either way: "fares will rise by 8%", "bills
	// will fall by £122"
	{figures.Percent, changeWords},
	{figures.Money, changeWords},
	// a measure with a unit: "penalty distance" (48 metres), "iPod capacity" (6GB)
	{figures.Quantity, []string{"distance", "length", "height", "depth", "width", "weight", "capacity",
		"size", "speed", "area", "volume", "duration", "temperature"}},
	// a match result: "Ireland South Africa win score" (18-12)
	// ("loss" asks for money too: a company's loss)
	{figures.Score, []string{"score", "scores", "scoreline", "win", "victory", "defeat", "loss", "beat", "draw"}},
	{figures.Count, []string{"staff", "jobs", "job", "people", "visitors", "workers", "employees",
		"headcount", "workforce", "users", "customers", "passengers", "spectators", "fans", "students",
		"members", "residents", "commuters", "viewers", "subscribers", "patients", "voters", "votes",
		"signatures", "homes", "households", "crowd", "attendance", "audience", "population", "deaths",
		"victims", "troops", "layoffs", "count", "number", "players", "participants", "cinemas", "screens",
		"copies", "seats", "athletes", "teams", "delegates", "candidates", "schools", "pupils", "teachers",
		"doctors", "nurses", "soldiers", "vehicles", "flights", "stores", "shops", "branches"}},
}

// changeWords ask for a change, a percentage or an amount.
var changeWords = []string{"rise", "rises", "increase", "increases", "fall", "falls", "drop", "decline", "cut", "cuts"}

// whenWords, as the last word of a topic, ask for when something happened
// ("ICBC founding year", "general election date"), unless a word of
// periodWords comes before them ("profit last year"): then they say which
// figure, not what kind.
var whenWords = map[string]figures.Kind{"year": figures.Year, "date": figures.Date, "day": figures.Date}

var periodWords = []string{"this", "last", "next", "previous", "past", "per", "a", "each", "every",
	"financial", "fiscal", "calendar", "same", "that"}

// askedKinds returns the kinds of figure topic's words ask for, nil when
// it names none, and the words that ask.
func askedKinds(topic string) ([]figures.Kind, []string) {
	var kinds []figures.Kind
	var cues []string
	words := strings.FieldsFunc(strings.ToLower(topic), func(r rune) bool { return !unicode.IsLetter(r) })
	if n := len(words); n > 1 {
		if k, ok := whenWords[words[n-1]]; ok && !slices.Contains(periodWords, words[n-2]) {
			kinds, cues = append(kinds, k), append(cues, words[n-1])
		}
	}
	for _, w := range words {
		for _, kw := range kindWords {
			if !slices.Contains(kw.words, w) {
				continue
			}
			if !slices.Contains(cues, w) {
				cues = append(cues, w)
			}
			if !slices.Contains(kinds, kw.kind) {
				kinds = append(kinds, kw.kind)
			}
		}
	}
	return kinds, cues
}
