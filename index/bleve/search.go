package bleve

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"newsdesk/corpus"
	"newsdesk/index"
)

// Field weights: a question's words found in the headline or a section
// heading say more about a passage than the same words in its body.
const (
	titleBoost   = 1.6
	sectionBoost = 1.3
)

// maxRequest bounds the hits asked of bleve, so a caller's huge k (up to
// math.MaxInt) neither overflows the request size nor changes the result:
// no index holds that many passages.
const maxRequest = 1 << 24

var passageFields = []string{"article_id", "hash", "n", "section", "locator", "body", "figs"}

// Search returns the k passages that best match q, best first. q is free
// text; it is analyzed like the passages (English stemming, stop words) and
// matched against body, title and section with BM25. Search stops when ctx
// is done and returns its error; when the index cannot be read it returns
// an error matching index.ErrDamaged or index.ErrRebuilding (see Health).
func (ix *Index) Search(ctx context.Context, q string, k int) ([]index.Hit, error) {
	q = strings.TrimSpace(q)
	if q == "" || k <= 0 {
		return nil, ctx.Err()
	}
	bq := ix.passageQuery(q)
	// A few extra hits stand in for passages an unfinished update has
	// written but not yet committed, which are not returned.
	size := min(k, maxRequest) + 3
	qterms := ix.Terms(q)
	var rare []string
	if size <= maxNarrowed {
		var err error
		if rare, err = ix.rareTerms(ctx, qterms); err != nil {
			return nil, fmt.Errorf("search %q: %w", q, err)
		}
	}
	var hits []index.Hit
	err := ix.read(ctx, func(idx blevesearch.Index) error {
		if rare != nil {
			ids, err := candidates(ctx, idx, rare, max(minCandidates, candidatesPerHit*size))
			if err != nil {
				return err
			}
			if len(ids) > 0 {
				bq.Must = onlyIDs(bq.Must, ids)
			}
		}
		res, err := searchTies(ctx, idx, bq, size)
		if err != nil {
			return err
		}
		memo := map[string][]string{}
		hits = make([]index.Hit, 0, min(k, len(res.Hits)))
		for _, h := range res.Hits {
			if len(hits) == k {
				break
			}
			hit, ok, err := ix.toHit(h.ID, h.Fields, h.Score, qterms, memo)
			if err != nil {
				return err
			}
			if ok {
				hits = append(hits, hit)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	return hits, nil
}

// searchTies runs bq for size hits with the passage fields, and returns
// them best first, passages of equal score by ID: bleve orders equal scores
// by segment, which the background merges decide, so that the copies of a
// story would come back in another order after a rebuild. Only the hits
// bleve returns are ordered: when more copies than size tie, which of them
// are returned still depends on the segments. Asking bleve again for more
// when its list ends in a tie doubled the answer p95 on a synthetic archive
// of 25,000 articles, where copies tie often, and sorting inside bleve's
// collector by ID reads the ID of every passage that matches.
func searchTies(ctx context.Context, idx blevesearch.Index, bq query.Query, size int) (*blevesearch.SearchResult, error) {
	req := blevesearch.NewSearchRequestOptions(bq, size, 0, false)
	req.Fields = passageFields
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(res.Hits, func(a, b *search.DocumentMatch) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return res, nil
}

// Narrowing. A term in many passages ("year", "us") adds little to a
// passage's score and most of a search's work: bleve reads every passage
// that holds any of the question's terms. When the question also has rarer
// terms, Search first ranks the passages whose body holds one of those,
// and then scores only the best of them with the whole query, the
// common terms too; the scores are the whole query's. What is lost are
// passages that hold common terms alone, which rank above the candidates
// only when the rare terms are hardly anywhere (docs/speed.md).
const (
	// A term is common when it is in more than 1 passage in commonShare
	// and in more than minCommon passages: below that, reading its
	// passages costs less than a second search.
	commonShare = 50
	minCommon   = 5000
	// Search scores candidatesPerHit candidates for each hit asked for,
	// and at least minCandidates: near copies of a story (a wire story
	// run by several titles) fill the first candidates in tens.
	candidatesPerHit = 20
	minCandidates    = 400
	// maxNarrowed is the most hits a narrowed search is run for.
	maxNarrowed = 100
)

// rareTerms returns the terms of qterms that are in passages but not
// common, when qterms also has common ones; nil otherwise.
func (ix *Index) rareTerms(ctx context.Context, qterms []string) ([]string, error) {
	w, err := ix.Weights(ctx, qterms)
	if err != nil {
		return nil, err
	}
	ix.idfMu.Lock()
	n := float64(ix.idfN)
	ix.idfMu.Unlock()
	d := max(n/commonShare, float64(ix.common))
	if d >= n {
		return nil, nil // a small corpus: no term is common
	}
	common := math.Log(1 + (n-d+0.5)/(d+0.5)) // the weight of a term in d passages
	var rare []string
	some := false
	for _, t := range qterms {
		switch wt, ok := w[t]; {
		case !ok: // in no passage
		case wt < common:
			some = true
		case !slices.Contains(rare, t):
			rare = append(rare, t)
		}
	}
	if !some {
		return nil, nil
	}
	return rare, nil
}

// candidates returns the IDs of the n passages whose body or headline
// best matches the rare terms (analyzed terms of the question): the passage
// that answers may hold the question's subject only in the headline above
// it.
func candidates(ctx context.Context, idx blevesearch.Index, rare []string, n int) ([]string, error) {
	in := func(field string) query.Query {
		terms := make([]query.Query, len(rare))
		for i, t := range rare {
			tq := blevesearch.NewTermQuery(t)
			tq.SetField(field)
			terms[i] = tq
		}
		return blevesearch.NewDisjunctionQuery(terms...)
	}
	// Only the rare terms are searched: the title and section clauses of
	// the whole question (passageQuery's) would visit the title postings of
	// its common words for every candidate, two thirds of an answer's time
	// at a million passages, and the candidates they pick answer no better
	// (docs/speed.md). The passages found are then scored by the whole query.
	bq := blevesearch.NewDisjunctionQuery(in("body"), in("title"))
	res, err := idx.SearchInContext(ctx, blevesearch.NewSearchRequestOptions(bq, n, 0, false))
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

func titleQuery(q string) query.Query {
	title := blevesearch.NewMatchQuery(q)
	title.SetField("title")
	title.SetBoost(titleBoost)
	return title
}

func sectionQuery(q string) query.Query {
	section := blevesearch.NewMatchQuery(q)
	section.SetField("section")
	section.SetBoost(sectionBoost)
	return section
}

// passageQuery is the query Search runs for q: the body must match; the
// title and section heading add to the score. A disjunction of the three
// would scale every passage by the share of fields it matches, so a passage
// that answers in its body alone would lose two thirds of its score to any
// passage under a matching headline.
func (ix *Index) passageQuery(q string) *query.BooleanQuery {
	body := blevesearch.NewMatchQuery(q)
	body.SetField("body")
	bq := blevesearch.NewBooleanQuery()
	// The body is the must clause itself, not a conjunction of one (what
	// AddMust makes): the score is the same, and a conjunction's searcher
	// costs about 8% of an answer's CPU on a large archive.
	bq.Must = body
	bq.AddShould(titleQuery(q), sectionQuery(q))
	return bq
}

// toHit builds an index.Hit from a passage's stored fields and the article's
// entry in the manifest, with its figures and the query terms found in its
// body and section heading and in the title (see matched).
// ok is false for a passage of another version of the article than the
// manifest lists: written by an update that has not committed (or
// crashed), so not citable. The error is for stored figures that do not
// decode, which only a damaged index holds (read then checks it).
func (ix *Index) toHit(id string, f map[string]any, score float64, qterms []string, memo map[string][]string) (h index.Hit, ok bool, err error) {
	str := func(name string) string { s, _ := f[name].(string); return s }
	n, _ := strconv.Atoi(str("n"))
	h = index.Hit{
		Passage: corpus.Passage{
			ID: id, ArticleID: str("article_id"), N: n,
			Section: str("section"), Locator: str("locator"), Text: str("body"),
		},
		Score: score,
	}
	ix.mu.RLock()
	e, listed := ix.man.Articles[h.Passage.ArticleID]
	ix.mu.RUnlock()
	if !listed || str("hash") != e.Hash {
		return h, false, nil // not committed yet, or left over from a crashed update
	}
	h.Title, h.Source, h.URL, h.Published = e.Title, e.Source, e.URL, e.Published
	if raw := str("figs"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &h.Figures); err != nil {
			return h, false, fmt.Errorf("decode the figures of passage %s: %w", id, err)
		}
	}
	if len(qterms) > 0 {
		h.Terms = ix.analyzer.matched(qterms, h.Passage.Text+"\n"+h.Passage.Section, memo)
		h.TitleTerms = ix.analyzer.matched(qterms, h.Title, memo)
	}
	return h, true, nil
}

// matched returns the query terms that text contains, sorted. Rather than
// analyzing the whole text, it analyzes only the words that could stem to a
// query term — those starting like one (stemming changes word endings) —
// which is the same answer for a fraction of the work, and each such word
// once per search: memo holds the terms of the words analyzed so far.
// Storing term vectors would give it for free at search time, but cost a
// tenth of the indexing time.
func (an *Analyzer) matched(qterms []string, text string, memo map[string][]string) []string {
	if len(qterms) == 0 {
		return nil
	}
	var out []string
	word := func(w string) {
		could := false
		for _, t := range qterms {
			n := min(3, len(t))
			if len(w) >= n && strings.EqualFold(w[:n], t[:n]) {
				could = true
				break
			}
		}
		if !could {
			return
		}
		lw := strings.ToLower(w)
		terms, ok := memo[lw]
		if !ok {
			terms = an.Terms(lw)
			memo[lw] = terms
		}
		for _, t := range terms {
			if slices.Contains(qterms, t) && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	start := -1
	for i, r := range text {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '.'
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			word(text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		word(text[start:])
	}
	sort.Strings(out)
	return out
}
