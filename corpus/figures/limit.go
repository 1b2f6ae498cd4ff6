package figures

import (
	"container/heap"
	"slices"
)

// The most figures newsdesk keeps for one passage and for one article.
// Real articles stay well below them: the most any passage of the BBC,
// SQuAD and SciFact sets states is 52 (a SciFact abstract), the most any
// article states 77, so their figures are all kept. A file written as
// figures, such as a results table turned into 4 MB of prose, states
// hundreds of thousands; indexing every one took over a gigabyte.
const (
	MaxPerPassage = 64
	MaxPerArticle = 1024
)

// ExtractAll returns Extract's figures for each of texts, the passages of
// one article in order: out[i] are the figures of texts[i]. It keeps at
// most perText figures of one text and total of all; when there are more,
// it keeps the most informative (see Top), and, among equals, those that
// come first. Each out[i] is in order of appearance, and out[i] is exactly
// Extract(texts[i]) when no limit is reached. A limit below 1 keeps no
// figure.
//
// It holds at most total figures, besides those of the text being read,
// however many texts state.
func ExtractAll(texts []string, perText, total int) [][]Figure {
	out := make([][]Figure, len(texts))
	if perText < 1 || total < 1 {
		return out
	}
	kept := keptHeap{}
	var buf []Figure // one text's figures, copied into kept
	for i, text := range texts {
		buf = extract(text, buf)
		for j, f := range Top(buf, perText) {
			kept.add(keptFigure{Figure: f, text: i, n: j}, total)
		}
	}
	slices.SortFunc(kept, func(a, b keptFigure) int {
		if a.text != b.text {
			return a.text - b.text
		}
		return a.n - b.n
	})
	for len(kept) > 0 {
		i := kept[0].text
		k := 1
		for k < len(kept) && kept[k].text == i {
			k++
		}
		out[i] = make([]Figure, k)
		for j := range k {
			out[i][j] = kept[j].Figure
		}
		kept = kept[k:]
	}
	return out
}

// Top returns the n most informative of figs, which are in order of
// appearance, still in that order: money and percentages first, then
// counts, quantities, dates and years (Kind.Weight), then those with a
// subject, then those with a period, then the earliest. It returns figs
// itself when there are n or fewer.
func Top(figs []Figure, n int) []Figure {
	if len(figs) <= n {
		return figs
	}
	if n < 1 {
		return nil
	}
	order := make([]int, len(figs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareInformative(figs[a], figs[b]) })
	order = order[:n]
	slices.Sort(order)
	out := make([]Figure, n)
	for i, k := range order {
		out[i] = figs[k]
	}
	return out
}

// compareInformative orders a before b (-1) when a is the more
// informative by kind, subject and period, and 0 when they are equal in
// those.
func compareInformative(a, b Figure) int {
	if wa, wb := a.Kind.Weight(), b.Kind.Weight(); wa != wb {
		if wa > wb {
			return -1
		}
		return 1
	}
	if sa, sb := a.Subject != "", b.Subject != ""; sa != sb {
		if sa {
			return -1
		}
		return 1
	}
	if pa, pb := a.Period != "", b.Period != ""; pa != pb {
		if pa {
			return -1
		}
		return 1
	}
	return 0
}

// keptFigure is a figure ExtractAll keeps, with where it came from: the
// index of its text and its place among that text's kept figures.
type keptFigure struct {
	Figure
	text, n int
}

// worse reports whether a is less worth keeping than b: less informative,
// or as informative and later.
func (a keptFigure) worse(b keptFigure) bool {
	if c := compareInformative(a.Figure, b.Figure); c != 0 {
		return c > 0
	}
	if a.text != b.text {
		return a.text > b.text
	}
	return a.n > b.n
}

// keptHeap holds the figures kept so far, the one least worth keeping on
// top once it is full.
type keptHeap []keptFigure

func (h keptHeap) Len() int           { return len(h) }
func (h keptHeap) Less(i, j int) bool { return h[i].worse(h[j]) }
func (h keptHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *keptHeap) Push(x any)        { *h = append(*h, x.(keptFigure)) }
func (h *keptHeap) Pop() any {
	old := *h
	f := old[len(old)-1]
	*h = old[:len(old)-1]
	return f
}

// add keeps f when fewer than limit figures are kept or when it is worth
// more than the least of them, which it then replaces. Below the limit h
// is a plain list; it becomes a heap when it fills.
func (h *keptHeap) add(f keptFigure, limit int) {
	switch {
	case len(*h) < limit:
		*h = append(*h, f)
		if len(*h) == limit {
			heap.Init(h)
		}
	case (*h)[0].worse(f):
		(*h)[0] = f
		heap.Fix(h, 0)
	}
}
