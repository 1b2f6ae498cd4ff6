package answer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"newsdesk/bot"
	"newsdesk/corpus/figures"
)

// defaultFigures is how many figures a lookup returns when k is 0.
const defaultFigures = 10

// Figures looks up the key figures about topic, most relevant first, each
// cited with its passage; with an empty topic, the figures of the most
// recent articles. kind ("money", "percent", …) keeps only that kind; an
// unknown kind is an error matching bot.ErrUnknownKind that lists the valid ones, and a topic longer
// than 2,000 characters is bot.ErrQuestionTooLong. It returns the index's error
// when the lookup fails.
func (a *Answerer) Figures(ctx context.Context, topic, kind string, k int) (bot.FigureList, error) {
	topic = strings.TrimSpace(topic)
	list := bot.FigureList{Topic: topic, Figures: []bot.FigureAnswer{}}
	if kind != "" && !slices.Contains(figureKinds, figures.Kind(kind)) {
		return list, fmt.Errorf("%w %q; use one of %s", bot.ErrUnknownKind, kind, kindList())
	}
	if utf8.RuneCountInString(topic) > bot.MaxQuestion {
		return list, bot.ErrQuestionTooLong
	}
	if k <= 0 {
		k = defaultFigures
	}
	hits, err := a.lib.Figures(ctx, SearchText(topic), kind, k)
	if err != nil {
		return list, fmt.Errorf("look up figures: %w", err)
	}
	for _, h := range hits {
		fa := figureAnswer(h.Figure)
		fa.Citation = cite(h.Hit)
		list.Figures = append(list.Figures, fa)
	}
	return list, nil
}

// figureKinds are the kinds a lookup may ask for.
var figureKinds = []figures.Kind{figures.Money, figures.Percent, figures.Count, figures.Quantity, figures.Date, figures.Year}

// kindList is the figure kinds, for an error message.
func kindList() string {
	var s []string
	for _, k := range figureKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}
