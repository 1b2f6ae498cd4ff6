package index

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"sync"

	"newsdesk/corpus"
)

// defaultBatch is how many document writes go into one bleve batch. Bigger
// batches index faster; each batch is also one crash-consistent step.
const defaultBatch = 20000

// Update makes the index match articles: it indexes new articles,
// re-indexes those whose content hash changed, removes those no longer in
// the list, and leaves the rest untouched. progress, when not nil, is called
// every 200 articles and after each written batch with the articles done so
// far and the total.
//
// Each batch carries the manifest entries of the articles it writes, so a
// crash at any moment leaves an index whose manifest matches its documents;
// the next Update finishes the job. Update honours ctx between batches.
// progress may be called from Update's goroutine only, so it needs no
// locking.
func (ix *Index) Update(ctx context.Context, articles []corpus.Article, progress func(done, total int)) (Stats, error) {
	ix.update.Lock()
	defer ix.update.Unlock()

	var st Stats
	st.Rebuilt, ix.rebuilt = ix.rebuilt, false

	ix.mu.RLock()
	old := ix.man.Articles
	ix.mu.RUnlock()

	seen := make(map[string]bool, len(articles))
	var todo []corpus.Article
	for _, a := range articles {
		if seen[a.ID] {
			continue // Load never returns duplicate IDs; be safe with callers that might
		}
		seen[a.ID] = true
		e, ok := old[a.ID]
		switch {
		case !ok:
			st.Added++
			todo = append(todo, a)
		case e.Hash != a.Hash:
			st.Updated++
			todo = append(todo, a)
		default:
			st.Unchanged++
		}
	}
	var gone []string
	for id := range old {
		if !seen[id] {
			gone = append(gone, id)
		}
	}
	st.Removed = len(gone)

	ctx, cancel := context.WithCancel(ctx) // stops prepare's goroutines on an early return
	defer cancel()

	total := len(todo) + len(gone)
	now := ix.now().UTC()
	b := ix.idx.NewBatch()
	pending := map[string]*entry{} // manifest changes in the current batch; nil entry = removed
	done := 0

	flush := func() error {
		if b.Size() == 0 && len(pending) == 0 {
			return nil
		}
		ix.mu.Lock()
		next := make(map[string]entry, len(ix.man.Articles)+len(pending))
		for id, e := range ix.man.Articles {
			next[id] = e
		}
		for id, e := range pending {
			if e == nil {
				delete(next, id)
			} else {
				next[id] = *e
			}
		}
		m := manifest{Format: formatVersion, Articles: next}
		ix.mu.Unlock()

		b.SetInternal(manifestKey, m.encode())
		if err := ix.idx.Batch(b); err != nil {
			return fmt.Errorf("write batch: %w", err)
		}
		ix.mu.Lock()
		ix.man = m
		ix.mu.Unlock()
		b.Reset()
		clear(pending)
		if progress != nil {
			progress(done, total)
		}
		return nil
	}

	deleteOld := func(id string) {
		e, ok := old[id]
		if !ok {
			return
		}
		b.Delete(articleDocID(id))
		for n := 1; n <= e.Passages; n++ {
			b.Delete(passageID(id, n))
		}
	}

	for _, id := range gone {
		deleteOld(id)
		pending[id] = nil
		done++
		if b.Size() >= ix.batch {
			if err := flush(); err != nil {
				return st, err
			}
		}
	}

	for p := range prepare(ctx, todo) {
		if p.err != nil {
			return st, p.err
		}
		a := p.article
		deleteOld(a.ID)
		for _, d := range p.docs {
			if err := b.Index(d.id, d.fields); err != nil {
				return st, fmt.Errorf("index %s: %w", d.id, err)
			}
		}
		e := entry{
			Hash: a.Hash, Passages: p.passages, Figures: p.figures,
			Title: a.Title, Source: a.Source, URL: a.URL, Published: a.Published,
			FirstIndexed: now, Updated: now,
		}
		if prev, ok := old[a.ID]; ok {
			e.FirstIndexed = prev.FirstIndexed
		}
		pending[a.ID] = &e
		st.Passages += p.passages
		st.Figures += p.figures
		done++
		if progress != nil && done%200 == 0 {
			progress(done, total) // prepared; written with the next batch
		}
		if b.Size() >= ix.batch {
			if err := flush(); err != nil {
				return st, err
			}
			if err := ctx.Err(); err != nil {
				return st, err
			}
		}
	}
	if err := flush(); err != nil {
		return st, err
	}
	return st, ctx.Err()
}

type doc struct {
	id     string
	fields map[string]any
}

type prepared struct {
	article  corpus.Article
	docs     []doc
	passages int
	figures  int
	err      error
}

// prepare splits articles into passage, figure and article documents on all
// cores, delivering them in input order so batches are deterministic.
func prepare(ctx context.Context, articles []corpus.Article) <-chan prepared {
	out := make(chan prepared, 64)
	workers := runtime.GOMAXPROCS(0)
	slots := make([]chan prepared, len(articles))
	for i := range slots {
		slots[i] = make(chan prepared, 1)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				slots[i] <- build(articles[i])
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range articles {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		defer close(out)
		defer wg.Wait()
		for i := range slots {
			var p prepared
			select {
			case p = <-slots[i]:
			case <-ctx.Done():
				p = prepared{err: ctx.Err()}
			}
			select {
			case out <- p:
			case <-ctx.Done():
				return
			}
			if p.err != nil {
				return
			}
		}
	}()
	return out
}

func build(a corpus.Article) prepared {
	p := prepared{article: a}
	meta := a
	meta.Text = "" // stored once, in its own field
	raw, err := json.Marshal(meta)
	if err != nil {
		return prepared{err: fmt.Errorf("encode article %s: %w", a.ID, err)}
	}
	p.docs = append(p.docs, doc{articleDocID(a.ID), map[string]any{"type": typeArticle, "json": string(raw), "text": a.Text}})
	for _, ps := range corpus.Split(a) {
		p.passages++
		d := map[string]any{
			"type":       typePassage,
			"article_id": a.ID,
			"n":          strconv.Itoa(ps.N),
			"title":      a.Title,
			"section":    ps.Section,
			"locator":    ps.Locator,
			"body":       ps.Text,
		}
		if figs := corpus.Extract(ps.Text); len(figs) > 0 {
			p.figures += len(figs)
			kinds, units, subjects, periods, texts := make([]string, len(figs)), make([]string, len(figs)), make([]string, len(figs)), make([]string, len(figs)), make([]string, len(figs))
			for i, f := range figs {
				kinds[i], units[i], subjects[i], periods[i], texts[i] = string(f.Kind), f.Unit, f.Subject, f.Period, f.Text
			}
			enc, err := json.Marshal(figs)
			if err != nil {
				return prepared{err: fmt.Errorf("encode figures of %s: %w", ps.ID, err)}
			}
			d["fig_kind"], d["fig_unit"], d["fig_subject"], d["fig_period"], d["fig_text"] = kinds, units, subjects, periods, texts
			d["figs"] = string(enc)
		}
		p.docs = append(p.docs, doc{ps.ID, d})
	}
	return p
}

func passageID(articleID string, n int) string { return articleID + "#" + strconv.Itoa(n) }
