package answer

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"newsdesk/bot/rank"
	"newsdesk/index"
)

// retrieve is the search half of Ask: it turns question into a query,
// searches for n passages and weighs the question's terms. The query has
// no Question or Expect yet. known is false when the question has no search
// terms or none of them is in the articles.
func (a *Answerer) retrieve(ctx context.Context, question string, n int) ([]index.Hit, *rank.Query, bool, error) {
	qt, search, known, err := a.weigh(ctx, SearchText(question))
	if err != nil || qt == nil {
		return nil, nil, false, err
	}
	hits, err := a.lib.Search(ctx, search, n)
	if err != nil {
		return nil, nil, false, fmt.Errorf("search: %w", err)
	}
	hits, semantic, err := a.hybrid(ctx, question, search, hits, n)
	if err != nil {
		return nil, nil, false, err
	}
	qt.Semantic = semantic
	return hits, qt, known, nil
}

// weigh reads the search terms of q (search text, see SearchText) with
// their weights and other forms, and returns them with the text to search
// for: q and the forms of its words that are in the articles. The query is
// nil when q has no search terms; known is false then, and when none of its
// terms is in the articles.
func (a *Answerer) weigh(ctx context.Context, q string) (_ *rank.Query, search string, known bool, _ error) {
	terms := uniq(a.lib.Terms(q))
	if len(terms) == 0 {
		return nil, "", false, nil
	}
	// A place and its adjective are one term: "Australian" also finds
	// "Australia", and either counts as the question's word. So are the
	// forms of an irregular verb, and a verb and its "-ition" noun. Forms
	// that are in no article are not searched for.
	alt := map[string][]string{}
	all := slices.Clone(terms)
	surface := map[string]string{} // a form's term → the word searched for it
	for _, t := range terms {
		forms := a.forms()[t]
		if w := nominalForm(t); w != "" {
			forms = append(slices.Clone(forms), w)
		}
		for _, other := range forms {
			if ot := a.lib.Terms(other); len(ot) == 1 && ot[0] != t && !slices.Contains(alt[t], ot[0]) {
				alt[t] = append(alt[t], ot[0])
				all = append(all, ot[0])
				surface[ot[0]] = other
			}
		}
	}
	w, err := a.lib.Weights(ctx, all)
	if err != nil {
		return nil, "", false, fmt.Errorf("weigh terms: %w", err)
	}
	search = q
	for _, t := range terms {
		alt[t] = slices.DeleteFunc(alt[t], func(o string) bool { _, ok := w[o]; return !ok })
		for _, o := range alt[t] {
			search += " " + surface[o]
		}
	}
	read := maps.Clone(w)     // the weights as read, so no word's form changes another's
	for _, t := range terms { // a word weighs as its best-known form
		for _, o := range alt[t] {
			if wo, ok := read[o]; ok {
				if wt, ok := w[t]; !ok || wo < wt {
					w[t] = wo
				}
			}
		}
	}
	for _, os := range alt {
		for _, o := range os {
			if !slices.Contains(terms, o) {
				delete(w, o)
			}
		}
	}
	qt, known := rank.Weigh(terms, w)
	qt.Alt = alt
	qt.Analyze = a.lib.Terms
	return &qt, search, known, nil
}

// semanticLibrary is a Library that also finds passages by meaning.
type semanticLibrary interface {
	index.Semantic
	Passages(ctx context.Context, ids []string, q string) ([]index.Hit, error)
}

// hybrid adds to the lexical hits the n passages nearest the question in
// meaning that they lack (as hits for the search text, so they are ranked
// on the same terms), and sets every hit's Similarity. ok is false, and
// hits are returned as they are, when the library has no semantic search
// or it is not ready; a question the model fails to embed is answered
// lexically too (the failure is logged): an answer never waits on the
// model.
func (a *Answerer) hybrid(ctx context.Context, question, search string, hits []index.Hit, n int) (_ []index.Hit, ok bool, _ error) {
	lib, is := a.lib.(semanticLibrary)
	if !is {
		return hits, false, nil
	}
	v, ready, err := lib.QueryVector(ctx, question)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		a.log.Warn("semantic search failed; answering lexically", "err", err)
		return hits, false, nil
	}
	if !ready {
		return hits, false, nil
	}
	have := make(map[string]bool, len(hits))
	for _, h := range hits {
		have[h.Passage.ID] = true
	}
	var more []string
	for _, nb := range lib.Nearest(v, n) {
		if !have[nb.PassageID] {
			more = append(more, nb.PassageID)
		}
	}
	if len(more) > 0 {
		extra, err := lib.Passages(ctx, more, search)
		if err != nil {
			return nil, false, fmt.Errorf("read the passages nearest in meaning: %w", err)
		}
		hits = append(hits, extra...)
	}
	for i := range hits {
		hits[i].Similarity, _ = lib.Similarity(v, hits[i].Passage.ID)
	}
	return hits, true, nil
}

// uniq returns terms without repeats, in order of first appearance.
func uniq(terms []string) []string {
	seen := map[string]bool{}
	out := terms[:0:0]
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
