package bleve

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"newsdesk/corpus/figures"
	"newsdesk/corpus/split"
	"newsdesk/index"
)

// recentArticles is how many of the newest articles a lookup without a
// topic draws its figures from.
const recentArticles = 5

// Figures returns up to k key figures about topic, most relevant first, each
// with the passage it came from. The same value of the same kind in the same
// article is returned once. kind, when not empty, keeps only figures of that
// kind. With an empty topic it returns the figures of the most recent
// articles, newest first, in reading order.
//
// It is one bleve query over the passages and their figure fields (subject,
// period, text, kind); the figures of the passages found are then ranked by
// how well their own subject, period and sentence match the topic. Figures
// stops when ctx is done and returns its error; when the index cannot be
// read it returns an error matching index.ErrDamaged or
// index.ErrRebuilding (see Health).
func (ix *Index) Figures(ctx context.Context, topic, kind string, k int) ([]index.FigureHit, error) {
	if k <= 0 {
		return nil, ctx.Err()
	}
	topic = strings.TrimSpace(topic)
	q := ix.figureQuery(topic, kind)
	if q == nil {
		return nil, ctx.Err()
	}
	size := 4*min(k, maxRequest) + 20
	if topic == "" {
		size = 10000 // every passage of the recent articles
	}
	req := blevesearch.NewSearchRequestOptions(q, size, 0, false)
	req.Fields = passageFields
	var list []scoredFigure
	err := ix.read(ctx, func(idx blevesearch.Index) error {
		res, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return err
		}
		list, err = ix.scoreFigures(res.Hits, topic, kind)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("search figures %q: %w", topic, err)
	}
	if topic == "" {
		ix.sortByArticle(list)
	} else {
		sort.SliceStable(list, func(i, j int) bool { return list[i].score > list[j].score })
	}
	return distinctFigures(list, k), nil
}

// figureQuery is the query for the passages holding figures about topic:
// its words in the figure fields and the text, or, for an empty topic, any
// passage of the most recent articles; kind, when not empty, keeps only
// passages with a figure of that kind. It is nil when there is nothing to
// search: no topic and no articles.
func (ix *Index) figureQuery(topic, kind string) query.Query {
	var q query.Query
	if topic == "" {
		var ids []query.Query
		for i, a := range ix.Articles() {
			if i == recentArticles {
				break
			}
			t := blevesearch.NewTermQuery(a.ID)
			t.SetField("article_id")
			ids = append(ids, t)
		}
		if len(ids) == 0 {
			return nil
		}
		q = blevesearch.NewDisjunctionQuery(ids...)
	} else {
		var parts []query.Query
		for _, f := range []struct {
			field string
			boost float64
		}{{"fig_subject", 3}, {"fig_period", 2}, {"fig_text", 2}, {"body", 1}, {"title", 0.5}} {
			m := blevesearch.NewMatchQuery(topic)
			m.SetField(f.field)
			m.SetBoost(f.boost)
			parts = append(parts, m)
		}
		q = blevesearch.NewDisjunctionQuery(parts...)
	}
	if kind != "" {
		t := blevesearch.NewTermQuery(kind)
		t.SetField("fig_kind")
		q = blevesearch.NewConjunctionQuery(q, t)
	}
	return q
}

// scoredFigure is a figure found by Figures with its score: the passage's
// relevance, weighted by the figure's kind and by how well the figure
// itself matches the topic.
type scoredFigure struct {
	fh    index.FigureHit
	score float64
}

// scoreFigures returns the figures of the passages found, of kind when it
// is not empty, each with its sentence and its score, in the hits' order.
// Passages that are not citable (see toHit) are skipped.
func (ix *Index) scoreFigures(hits search.DocumentMatchCollection, topic, kind string) ([]scoredFigure, error) {
	var list []scoredFigure
	tterms := ix.Terms(topic)
	for _, h := range hits {
		hit, ok, err := ix.toHit(h.ID, h.Fields, h.Score, nil, nil)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		var sents []split.Span
		for _, f := range hit.Figures {
			if kind != "" && string(f.Kind) != kind {
				continue
			}
			if sents == nil {
				sents = split.SentenceSpans(hit.Passage.Text)
			}
			f.Sentence = sentenceAt(hit.Passage.Text, sents, f.Start)
			list = append(list, scoredFigure{index.FigureHit{Figure: f, Hit: hit}, h.Score * f.Kind.Weight() * figureMatch(ix.analyzer, tterms, f)})
		}
	}
	return list, nil
}

// sortByArticle orders figures as a lookup without a topic returns them:
// newest article first, then in reading order.
func (ix *Index) sortByArticle(list []scoredFigure) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i].fh, list[j].fh
		if a.Hit.Passage.ArticleID != b.Hit.Passage.ArticleID {
			return ix.newer(a.Hit.Passage.ArticleID, b.Hit.Passage.ArticleID)
		}
		if a.Hit.Passage.N != b.Hit.Passage.N {
			return a.Hit.Passage.N < b.Hit.Passage.N
		}
		return a.Figure.Start < b.Figure.Start
	})
}

// distinctFigures returns the first k figures of list, leaving out a
// figure when one of the same kind, value and unit in the same article
// came before it.
func distinctFigures(list []scoredFigure, k int) []index.FigureHit {
	out := make([]index.FigureHit, 0, min(k, len(list)))
	seen := map[string]bool{}
	for _, s := range list {
		if len(out) == k {
			break
		}
		f := s.fh.Figure
		key := fmt.Sprintf("%s|%s|%g|%s", s.fh.Hit.Passage.ArticleID, f.Kind, f.Value, f.Unit)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, s.fh)
	}
	return out
}

// figureMatch weighs how well one figure of a matching passage is about the
// topic: its subject counts most, then its period and its own text, then its
// sentence. A figure in a matching passage that shares no word with the
// topic still counts a little, so a lookup never comes back empty when the
// passage is right.
func figureMatch(an *Analyzer, topic []string, f figures.Figure) float64 {
	if len(topic) == 0 {
		return 1
	}
	subject, period, text, sentence := an.Terms(f.Subject), an.Terms(f.Period), an.Terms(f.Text), an.Terms(f.Sentence)
	score := 0.1
	for _, t := range topic {
		switch {
		case slices.Contains(subject, t):
			score += 3
		case slices.Contains(period, t), slices.Contains(text, t):
			score += 2
		case slices.Contains(sentence, t):
			score += 1
		}
	}
	return score
}

// newer reports whether article a sorts before b in Articles' order.
func (ix *Index) newer(a, b string) bool {
	ix.mu.RLock()
	ea, eb := ix.man.Articles[a], ix.man.Articles[b]
	ix.mu.RUnlock()
	if !ea.Published.Equal(eb.Published) {
		return ea.Published.After(eb.Published)
	}
	if !ea.FirstIndexed.Equal(eb.FirstIndexed) {
		return ea.FirstIndexed.After(eb.FirstIndexed)
	}
	return a < b
}
