package digest

import (
	"sort"
	"strings"
	"unicode/utf8"

	"newsdesk/corpus"

	"newsdesk/corpus/split"

	"newsdesk/corpus/figures"
)

// extract returns the article's highlights list when it has one, else the
// first one or two sentences of its lede. Every item is verbatim from the
// article (a long one is cut short with "…").
func extract(a corpus.Article) (kind string, items []string) {
	for _, s := range a.Sections {
		if corpus.IsSummaryHeading(s.Heading) && len(s.Paragraphs) > 0 {
			for _, p := range s.Paragraphs[:min(len(s.Paragraphs), maxHighlights)] {
				items = append(items, corpus.Truncate(strings.TrimSpace(p), maxHighlightRunes))
			}
			return "highlights", items
		}
	}
	var lede string
	for _, s := range a.Sections {
		if len(s.Paragraphs) > 0 {
			lede = s.Paragraphs[0]
			break
		}
	}
	if lede == "" {
		lede = a.Text
	}
	sents := split.Sentences(lede)
	if len(sents) == 0 {
		return "lede", []string{}
	}
	text := strings.TrimSpace(sents[0])
	if len(sents) > 1 {
		if two := strings.TrimSpace(sents[0]) + " " + strings.TrimSpace(sents[1]); utf8.RuneCountInString(two) <= maxExtractRunes {
			text = two
		}
	}
	return "lede", []string{corpus.Truncate(text, maxExtractRunes)}
}

// keyFigures picks up to three figures of text, preferring money, percent
// and counts over dates and years, and returns them in reading order.
func keyFigures(text string) []Figure {
	figs := figures.Extract(text)
	seen := map[string]bool{}
	var uniq []figures.Figure
	for _, f := range figs {
		k := strings.ToLower(f.Text)
		if !seen[k] {
			seen[k] = true
			uniq = append(uniq, f)
		}
	}
	sort.SliceStable(uniq, func(i, j int) bool { return uniq[i].Kind.Weight() > uniq[j].Kind.Weight() })
	uniq = uniq[:min(len(uniq), maxFigures)]
	sort.SliceStable(uniq, func(i, j int) bool { return uniq[i].Start < uniq[j].Start })
	out := make([]Figure, 0, len(uniq))
	for _, f := range uniq {
		out = append(out, Figure{Text: f.Text, Kind: f.Kind, Value: f.Value, Unit: f.Unit,
			Qualifier: f.Qualifier, Subject: f.Subject, Period: f.Period})
	}
	return out
}
