package index

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"newsdesk/corpus/figures"
)

// kindWeight ranks kinds of figure when a topic matches several: amounts and
// shares are what people ask for; a bare year is rarely the answer.
var kindWeight = map[figures.Kind]float64{
	figures.Money: 1, figures.Percent: 1, figures.Count: 0.9,
	figures.Quantity: 0.8, figures.Date: 0.5, figures.Year: 0.4,
}

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
// stops when ctx is done and returns its error.
func (ix *Index) Figures(ctx context.Context, topic, kind string, k int) ([]FigureHit, error) {
	if k <= 0 {
		return nil, ctx.Err()
	}
	topic = strings.TrimSpace(topic)
	var q query.Query
	if topic == "" {
		var ids []query.Query
		for i, a := range ix.Articles() {
			if i == recentArticles {
				break
			}
			t := bleve.NewTermQuery(a.ID)
			t.SetField("article_id")
			ids = append(ids, t)
		}
		if len(ids) == 0 {
			return nil, ctx.Err()
		}
		q = bleve.NewDisjunctionQuery(ids...)
	} else {
		var parts []query.Query
		for _, f := range []struct {
			field string
			boost float64
		}{{"fig_subject", 3}, {"fig_period", 2}, {"fig_text", 2}, {"body", 1}, {"title", 0.5}} {
			m := bleve.NewMatchQuery(topic)
			m.SetField(f.field)
			m.SetBoost(f.boost)
			parts = append(parts, m)
		}
		q = bleve.NewDisjunctionQuery(parts...)
	}
	if kind != "" {
		t := bleve.NewTermQuery(kind)
		t.SetField("fig_kind")
		q = bleve.NewConjunctionQuery(q, t)
	}
	size := 4*min(k, maxRequest) + 20
	if topic == "" {
		size = 10000 // every passage of the recent articles
	}
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Fields = passageFields
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search figures %q: %w", topic, err)
	}

	type scored struct {
		fh    FigureHit
		score float64
	}
	var list []scored
	tterms := Terms(topic)
	for _, h := range res.Hits {
		hit, ok, err := ix.toHit(h.ID, h.Fields, h.Score, nil, nil)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		for _, f := range hit.Figures {
			if kind != "" && string(f.Kind) != kind {
				continue
			}
			f.Sentence = sentenceAt(hit.Passage.Text, f.Start)
			list = append(list, scored{FigureHit{Figure: f, Hit: hit}, h.Score * kindWeight[f.Kind] * figureMatch(tterms, f)})
		}
	}
	if topic == "" {
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
	} else {
		sort.SliceStable(list, func(i, j int) bool { return list[i].score > list[j].score })
	}
	out := make([]FigureHit, 0, min(k, len(list)))
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
	return out, nil
}

// figureMatch weighs how well one figure of a matching passage is about the
// topic: its subject counts most, then its period and its own text, then its
// sentence. A figure in a matching passage that shares no word with the
// topic still counts a little, so a lookup never comes back empty when the
// passage is right.
func figureMatch(topic []string, f figures.Figure) float64 {
	if len(topic) == 0 {
		return 1
	}
	subject, period, text, sentence := Terms(f.Subject), Terms(f.Period), Terms(f.Text), Terms(f.Sentence)
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
