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
	q := SearchText(question)
	terms := uniq(a.lib.Terms(q))
	if len(terms) == 0 {
		return nil, nil, false, nil
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
		return nil, nil, false, fmt.Errorf("weigh terms: %w", err)
	}
	search := q
	for _, t := range terms {
		alt[t] = slices.DeleteFunc(alt[t], func(o string) bool { _, ok := w[o]; return !ok })
		for _, o := range alt[t] {
			search += " " + surface[o]
		}
	}
	hits, err := a.lib.Search(ctx, search, n)
	if err != nil {
		return nil, nil, false, fmt.Errorf("search: %w", err)
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
	return hits, &qt, known, nil
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
