package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"newsdesk/corpus"
)

// Field weights: a question's words found in the headline or a section
// heading say more about a passage than the same words in its body.
const (
	titleBoost   = 1.6
	sectionBoost = 1.3
)

var passageFields = []string{"article_id", "n", "title", "section", "locator", "body", "source", "url", "published"}

// Search returns the k passages that best match q, best first. q is free
// text; it is analyzed like the passages (English stemming, stop words) and
// matched against body, title and section with BM25. Search stops when ctx
// is done and returns its error.
func (ix *Index) Search(ctx context.Context, q string, k int) ([]Hit, error) {
	q = strings.TrimSpace(q)
	if q == "" || k <= 0 {
		return nil, ctx.Err()
	}
	body := bleve.NewMatchQuery(q)
	body.SetField("body")
	title := bleve.NewMatchQuery(q)
	title.SetField("title")
	title.SetBoost(titleBoost)
	section := bleve.NewMatchQuery(q)
	section.SetField("section")
	section.SetBoost(sectionBoost)

	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(body, title, section), k, 0, false)
	req.Fields = passageFields
	req.IncludeLocations = true
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hits = append(hits, toHit(h.ID, h.Fields, h.Score, h.Locations))
	}
	return hits, nil
}

func toHit(id string, f map[string]any, score float64, locs search.FieldTermLocationMap) Hit {
	str := func(name string) string { s, _ := f[name].(string); return s }
	n, _ := strconv.Atoi(str("n"))
	h := Hit{
		Passage: corpus.Passage{
			ID: id, ArticleID: str("article_id"), N: n,
			Section: str("section"), Locator: str("locator"), Text: str("body"),
		},
		Title:  str("title"),
		Source: str("source"),
		URL:    str("url"),
		Score:  score,
	}
	if p := str("published"); p != "" {
		h.Published, _ = time.Parse(time.RFC3339, p)
	}
	h.Terms = termsIn(locs, "body", "section")
	h.TitleTerms = termsIn(locs, "title")
	return h
}

func termsIn(locs search.FieldTermLocationMap, fields ...string) []string {
	var out []string
	for _, f := range fields {
		for t := range locs[f] {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Weights returns the inverse document frequency of each term among the
// indexed passages, as BM25 computes it: rare terms weigh more. Terms that
// are in no passage are left out of the map. terms are analyzed terms, as
// returned by Terms. Weights stops when ctx is done.
func (ix *Index) Weights(ctx context.Context, terms []string) (map[string]float64, error) {
	r, err := ix.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("open index reader: %w", err)
	}
	rd, err := r.Reader()
	if err != nil {
		return nil, fmt.Errorf("open index reader: %w", err)
	}
	defer rd.Close()
	ix.mu.RLock()
	n := 0
	for _, e := range ix.man.Articles {
		n += e.Passages
	}
	ix.mu.RUnlock()
	out := make(map[string]float64, len(terms))
	for _, t := range terms {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tfr, err := rd.TermFieldReader(ctx, []byte(t), "body", false, false, false)
		if err != nil {
			return nil, fmt.Errorf("read term %q: %w", t, err)
		}
		df := float64(tfr.Count())
		tfr.Close()
		if df > 0 {
			out[t] = math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
		}
	}
	return out, nil
}

// kindWeight ranks kinds of figure when a topic matches several: amounts and
// shares are what people ask for; a bare year is rarely the answer.
var kindWeight = map[string]float64{
	string(corpus.Money): 1, string(corpus.Percent): 1, string(corpus.Count): 0.9,
	string(corpus.Quantity): 0.8, string(corpus.Date): 0.5, string(corpus.Year): 0.4,
}

// Figures returns up to k key figures about topic, most relevant first, each
// with the passage it came from. The same value of the same kind in the same
// article is returned once. kind, when not empty, keeps only figures of that
// kind. With an empty topic it returns the figures of the most recent
// articles. Figures stops when ctx is done and returns its error.
func (ix *Index) Figures(ctx context.Context, topic, kind string, k int) ([]FigureHit, error) {
	if k <= 0 {
		return nil, ctx.Err()
	}
	var q query.Query
	topic = strings.TrimSpace(topic)
	recent := topic == ""
	if recent {
		var ids []query.Query
		for i, a := range ix.Articles() {
			if i == 5 {
				break
			}
			t := bleve.NewTermQuery(a.ID)
			t.SetField("f_article")
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
		}{{"f_subject", 3}, {"f_period", 2}, {"f_text", 2}, {"f_sentence", 1}, {"f_title", 0.5}} {
			m := bleve.NewMatchQuery(topic)
			m.SetField(f.field)
			m.SetBoost(f.boost)
			parts = append(parts, m)
		}
		q = bleve.NewDisjunctionQuery(parts...)
	}
	if kind != "" {
		t := bleve.NewTermQuery(kind)
		t.SetField("f_kind")
		q = bleve.NewConjunctionQuery(q, t)
	}
	req := bleve.NewSearchRequestOptions(q, 4*k+20, 0, false)
	req.Fields = []string{"f_kind", "f_unit", "f_article", "f_value", "f_subject", "f_period", "f_text", "f_sentence", "f_passage", "f_qualifier", "f_start", "f_end"}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search figures %q: %w", topic, err)
	}

	type scored struct {
		fh    FigureHit
		score float64
		order int
	}
	var list []scored
	seen := map[string]bool{}
	for i, h := range res.Hits {
		f := h.Fields
		str := func(name string) string { s, _ := f[name].(string); return s }
		num := func(name string) int { n, _ := strconv.Atoi(str(name)); return n }
		value, _ := f["f_value"].(float64)
		fig := corpus.Figure{
			Text: str("f_text"), Start: num("f_start"), End: num("f_end"),
			Kind: corpus.Kind(str("f_kind")), Value: value, Unit: str("f_unit"),
			Qualifier: str("f_qualifier"), Subject: str("f_subject"), Period: str("f_period"),
			Sentence: str("f_sentence"),
		}
		key := fmt.Sprintf("%s|%s|%g|%s", str("f_article"), fig.Kind, fig.Value, fig.Unit)
		if seen[key] {
			continue
		}
		seen[key] = true
		hit, err := ix.passage(ctx, str("f_passage"))
		if err != nil {
			return nil, err
		}
		score := h.Score * kindWeight[string(fig.Kind)]
		if recent {
			score = -float64(i) // keep the index's order: articles by recency
		}
		list = append(list, scored{FigureHit{Figure: fig, Hit: hit}, score, i})
	}
	if !recent {
		sort.SliceStable(list, func(i, j int) bool { return list[i].score > list[j].score })
	} else {
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
	out := make([]FigureHit, 0, min(k, len(list)))
	for _, s := range list {
		if len(out) == k {
			break
		}
		out = append(out, s.fh)
	}
	return out, nil
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

// passage loads one passage document by ID.
func (ix *Index) passage(ctx context.Context, id string) (Hit, error) {
	if err := ctx.Err(); err != nil {
		return Hit{}, err
	}
	d, err := ix.idx.Document(id)
	if err != nil {
		return Hit{}, fmt.Errorf("read passage %s: %w", id, err)
	}
	if d == nil {
		return Hit{}, fmt.Errorf("passage %s: %w", id, ErrNotFound)
	}
	fields := map[string]any{}
	d.VisitFields(func(f index.Field) {
		fields[f.Name()] = string(f.Value())
	})
	return toHit(id, fields, 0, nil), nil
}

func storedString(d index.Document, name string) string {
	var s string
	d.VisitFields(func(f index.Field) {
		if f.Name() == name {
			s = string(f.Value())
		}
	})
	return s
}
