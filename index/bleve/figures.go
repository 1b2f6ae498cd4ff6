package bleve

import (
	"context"
	"fmt"
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

// Figures returns up to k key figures about topic, each with the passage
// it came from, the figures of the best-matching passage first, each
// passage's in reading order. A figure stated twice in one sentence, or in
// the same sentence of two articles (a copy), is returned once. kind, when
// not empty, keeps only figures of that kind. With an empty topic it returns
// the figures of the most recent articles, newest first, in reading order.
//
// It is one bleve query over the passages that hold a figure: the topic's
// words in the figures' subjects, periods and texts, the passage's text and
// the article's title. Which of the figures found is most about the topic
// is left to the caller (package bot/answer ranks them). Figures stops when
// ctx is done and returns its error; when the index cannot be read it
// returns an error matching index.ErrDamaged or index.ErrRebuilding (see
// Health).
func (ix *Index) Figures(ctx context.Context, topic, kind string, k int) ([]index.FigureHit, error) {
	if k <= 0 {
		return nil, ctx.Err()
	}
	topic = strings.TrimSpace(topic)
	q := ix.figureQuery(topic, kind)
	if q == nil {
		return nil, ctx.Err()
	}
	// Every passage found holds a figure of kind; a few extra stand in for
	// passages an unfinished update has written but not yet committed.
	size := min(k, maxRequest) + 3
	if topic == "" {
		size = 10000 // every passage of the recent articles
	}
	queries := []query.Query{q}
	if topic != "" {
		queries = append(queries, ix.passageFigureQuery(topic, kind))
	}
	var list []index.FigureHit
	err := ix.read(ctx, func(idx blevesearch.Index) error {
		var found []search.DocumentMatchCollection
		for _, q := range queries {
			req := blevesearch.NewSearchRequestOptions(q, size, 0, false)
			req.Fields = passageFields
			res, err := idx.SearchInContext(ctx, req)
			if err != nil {
				return err
			}
			found = append(found, res.Hits)
		}
		var err error
		list, err = ix.figuresOf(interleave(found), kind)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("search figures %q: %w", topic, err)
	}
	if topic == "" {
		ix.sortByArticle(list)
	}
	return distinctFigures(list, k), nil
}

// figureFields are the fields a topic is looked for in, with their
// weights: a figure's own subject says most about it; the title, on every
// passage of the article, brings up the passages of an article about the
// topic whose sentences do not repeat its words ("450 jobs" under "Offshore
// wind farm … gets the go-ahead").
var figureFields = []struct {
	field string
	boost float64
}{{"fig_subject", 3}, {"fig_period", 2}, {"fig_text", 2}, {"body", 1}, {"title", 1}}

// figureQuery is the query for the passages holding figures about topic:
// its words in the figure fields, the text and the title, or, for an empty
// topic, any passage of the most recent articles. Only passages with a
// figure (of kind, when kind is not empty) match. It is nil when there is
// nothing to search: no topic and no articles.
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
		for _, f := range figureFields {
			m := blevesearch.NewMatchQuery(topic)
			m.SetField(f.field)
			m.SetBoost(f.boost)
			parts = append(parts, m)
		}
		q = blevesearch.NewDisjunctionQuery(parts...)
	}
	return withFigures(q, kind)
}

// passageFigureQuery is the query for the passages holding figures whose
// text answers topic as Search ranks passages: figureQuery's disjunction
// over five fields scales a passage's score by the share of fields that
// match, so a passage that names a rare word of the topic in its text
// alone ("ICBC was founded in 1984") ranks below many that hold a common
// one in every field ("year").
func (ix *Index) passageFigureQuery(topic, kind string) query.Query {
	return withFigures(ix.passageQuery(topic), kind)
}

// withFigures limits q to the passages that hold a figure, of kind when
// kind is not empty, without changing its scores.
func withFigures(q query.Query, kind string) query.Query {
	kinds := []string{kind}
	if kind == "" {
		kinds = figureKinds
	}
	var has []query.Query
	for _, k := range kinds {
		t := blevesearch.NewTermQuery(k)
		t.SetField("fig_kind")
		has = append(has, t)
	}
	filter := blevesearch.NewDisjunctionQuery(has...)
	filter.SetBoost(0) // a filter: how many figures a passage holds is no relevance
	return blevesearch.NewConjunctionQuery(q, filter)
}

// figureKinds are the kinds of figure the index holds, as fig_kind terms.
var figureKinds = func() []string {
	var ks []string
	for _, k := range figures.Kinds() {
		ks = append(ks, string(k))
	}
	return ks
}()

// interleave merges lists of hits, best first each, taking one from each
// list in turn, each passage once.
func interleave(lists []search.DocumentMatchCollection) search.DocumentMatchCollection {
	if len(lists) == 1 {
		return lists[0]
	}
	var out search.DocumentMatchCollection
	seen := map[string]bool{}
	for i := 0; ; i++ {
		more := false
		for _, l := range lists {
			if i >= len(l) {
				continue
			}
			more = true
			if h := l[i]; !seen[h.ID] {
				seen[h.ID] = true
				out = append(out, h)
			}
		}
		if !more {
			return out
		}
	}
}

// figuresOf returns the figures of the passages found, of kind when it is
// not empty, each with its sentence, in the hits' order and each passage's
// in reading order. Passages that are not citable (see toHit) are skipped.
func (ix *Index) figuresOf(hits search.DocumentMatchCollection, kind string) ([]index.FigureHit, error) {
	var list []index.FigureHit
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
			list = append(list, index.FigureHit{Figure: f, Hit: hit})
		}
	}
	return list, nil
}

// sortByArticle orders figures as a lookup without a topic returns them:
// newest article first, then in reading order.
func (ix *Index) sortByArticle(list []index.FigureHit) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
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
// figure when one of the same kind, value and unit in the same sentence
// (of this article or a copy of it) came before it.
func distinctFigures(list []index.FigureHit, k int) []index.FigureHit {
	out := make([]index.FigureHit, 0, min(k, len(list)))
	seen := map[string]bool{}
	for _, fh := range list {
		if len(out) == k {
			break
		}
		f := fh.Figure
		key := fmt.Sprintf("%s|%g|%s|%s", f.Kind, f.Value, f.Unit, f.Sentence)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, fh)
	}
	return out
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
