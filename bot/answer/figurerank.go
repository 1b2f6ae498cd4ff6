package answer

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"newsdesk/bot/rank"
	"newsdesk/corpus/figures"
	"newsdesk/index"
)

// figurePool is how many figures of the best-matching passages a lookup
// ranks: the index finds the passages about a topic, and which of their
// figures is about it is decided here, from each figure's own sentence and
// article.
const figurePool = 200

// How a figure is scored for a topic (see rankFigures): each word of the
// topic earns its weight when it is in the figure's own sentence, and
// titleCredit of it when it is only in the article's title or lead, which
// is how a figure whose sentence does not repeat the topic ("it fell to
// 9.6%") is still found. The share of the topic's weight earned is scaled
// by the kind: 1 for a kind the topic asks for, otherKind for another;
// with no kind asked for, figures.Kind.Weight (a bare year comes last).
const (
	titleCredit = 0.6
	otherKind   = 0.35
)

// figureTopic is a /figures topic as the ranking reads it.
type figureTopic struct {
	q     *rank.Query    // its search terms, their weights and other forms
	kinds []figures.Kind // the kinds of figure it asks for; nil when none
}

// newFigureTopic reads topic (search text, see SearchText) for the
// ranking; q is its weighed query.
func newFigureTopic(q *rank.Query, topic string) figureTopic {
	t := figureTopic{q: q}
	t.kinds = askedKinds(topic)
	return t
}

// rankedFigure is a figure found for a topic and its score.
type rankedFigure struct {
	index.FigureHit
	score float64
}

// rankFigures scores every figure of list for t (see the constants above)
// and sorts them, best first, keeping list's order among equals. texts maps
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
	total := t.q.Total()
	out := make([]rankedFigure, len(list))
	for i, fh := range list {
		sentence := terms(fh.Figure.Sentence)
		article := append(slices.Clone(terms(fh.Hit.Title)), terms(leads[fh.Hit.Passage.ArticleID])...)
		var got float64
		for _, term := range t.q.Terms {
			switch {
			case t.q.Has(sentence, term):
				got += t.q.Weight[term]
			case t.q.Has(article, term):
				got += t.q.Weight[term] * titleCredit
			}
		}
		out[i] = rankedFigure{FigureHit: fh, score: got / total * t.kindWeight(fh.Figure.Kind)}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// kindWeight is how much a figure of kind k is wanted: the kinds the topic
// asks for fully, others at otherKind of figures.Kind.Weight; with no kind
// asked for, as figures.Kind.Weight ranks them (a bare year is rarely what
// is looked up).
func (t figureTopic) kindWeight(k figures.Kind) float64 {
	if len(t.kinds) == 0 {
		return k.Weight()
	}
	if slices.Contains(t.kinds, k) {
		return 1
	}
	return otherKind * k.Weight()
}

// distinctRanked returns the first k figures of list, leaving out a figure
// when the same one (kind, value and unit) came before it from the same
// article or the same sentence (of a copy of the article).
func distinctRanked(list []rankedFigure, k int) []rankedFigure {
	out := make([]rankedFigure, 0, min(k, len(list)))
	seen := map[string]bool{}
	for _, r := range list {
		if len(out) == k {
			break
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
		"investment", "subsidy", "compensation", "bonus")},
	{figures.Percent, []string{"unemployment", "jobless", "growth", "inflation", "share", "rate", "rates",
		"percentage", "proportion", "margin", "turnout", "interest"}},
	// a change may be written either way: "fares will rise by 8%", "bills
	// will fall by £122"
	{figures.Percent, changeWords},
	{figures.Money, changeWords},
	{figures.Count, []string{"staff", "jobs", "job", "people", "visitors", "workers", "employees",
		"headcount", "workforce", "users", "customers", "passengers", "spectators", "fans", "students",
		"members", "residents", "commuters", "viewers", "subscribers", "patients", "voters", "votes",
		"signatures", "homes", "households", "crowd", "attendance", "audience", "population", "deaths",
		"victims", "troops", "layoffs"}},
}

// changeWords ask for a change, a percentage or an amount.
var changeWords = []string{"rise", "rises", "increase", "increases", "fall", "falls", "drop", "decline", "cut", "cuts"}

// askedKinds returns the kinds of figure topic's words ask for, nil when
// it names none.
func askedKinds(topic string) []figures.Kind {
	var kinds []figures.Kind
	for _, w := range strings.FieldsFunc(strings.ToLower(topic), func(r rune) bool { return !unicode.IsLetter(r) }) {
		for _, kw := range kindWords {
			if !slices.Contains(kw.words, w) {
				continue
			}
			if !slices.Contains(kinds, kw.kind) {
				kinds = append(kinds, kw.kind)
			}
		}
	}
	return kinds
}
