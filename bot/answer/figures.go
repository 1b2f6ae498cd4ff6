package answer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"newsdesk/bot"
	"newsdesk/corpus/figures"
	"newsdesk/index"
)

// defaultFigures is how many figures a lookup returns when k is 0.
const defaultFigures = 10

// Figures looks up the key figures about topic, most relevant first, each
// cited with its passage and each once per article; with an empty topic,
// the figures of the most recent articles. Relevance is the figure's own:
// how near the topic's words stand to it in its sentence, whether its
// article's title and lead are about the topic, whether it is of the kind
// the topic asks for ("cost": money, "rate": a percentage, "jobs": a
// count), and how early the article states it (see rankFigures). kind ("money", "percent", …) keeps only that kind; an
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
	hits, err := a.figures(ctx, topic, kind, k)
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

// figures returns the k figures most about topic, best first: the figures
// of the passages the index finds for it, ranked by rankFigures, each
// figure once per article. A topic without search terms (none, or only
// stop words) gets what the index returns for it: with no topic, the
// figures of the newest articles.
func (a *Answerer) figures(ctx context.Context, topic, kind string, k int) ([]index.FigureHit, error) {
	text := SearchText(topic)
	q, search, _, err := a.weigh(ctx, text)
	if err != nil {
		return nil, err
	}
	if q == nil {
		return a.lib.Figures(ctx, text, kind, k)
	}
	pool, err := a.lib.Figures(ctx, search, kind, max(k, figurePool))
	if err != nil {
		return nil, err
	}
	texts := map[string]string{}
	for _, h := range pool {
		id := h.Hit.Passage.ArticleID
		if _, ok := texts[id]; ok {
			continue
		}
		at, err := a.lib.ArticleText(ctx, id)
		if err != nil && !errors.Is(err, index.ErrNotFound) { // removed since: ranked without its lead
			return nil, fmt.Errorf("read article %s: %w", id, err)
		}
		texts[id] = at
	}
	ranked := distinctRanked(rankFigures(newFigureTopic(q, text, a.lib.Terms), pool, texts), k)
	out := make([]index.FigureHit, len(ranked))
	for i, r := range ranked {
		out[i] = r.FigureHit
	}
	return out, nil
}

// figureKinds are the kinds a lookup may ask for.
var figureKinds = figures.Kinds()

// kindList is the figure kinds, for an error message.
func kindList() string {
	var s []string
	for _, k := range figureKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}
