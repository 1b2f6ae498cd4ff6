package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"golang.org/x/sync/errgroup"

	"newsdesk/corpus"

	"newsdesk/corpus/split"

	"newsdesk/corpus/figures"
)

// defaultBatch is how many document writes go into one bleve batch.
const defaultBatch = 4000

// writers is how many batches are written at once. bleve builds each
// batch's segment on one core; two batches in flight use both cores of a
// small machine (measured on BBC: one 20,000-write batch 1.0–1.1 s, two
// half batches side by side 0.78 s).
const writers = 2

// Update makes the index match articles: it indexes new articles,
// re-indexes those whose content hash changed, removes those no longer in
// the list, and leaves the rest untouched. progress, when not nil, is called
// from Update's goroutine every 200 articles and when the update commits,
// with the articles done so far and the total; an update with nothing to
// do, or one that fails, does not report an end.
//
// An update is three steps, each an atomic bleve batch or a set of them:
//  1. the IDs of the articles about to be written are recorded as pending;
//  2. their documents are written, several batches at once;
//  3. the manifest (what is indexed, with content hashes) is written, the
//     documents of removed articles are deleted, and the pending mark is
//     cleared, in one batch.
//
// Searches only return passages whose article version (content hash) is
// the one the manifest lists, so what an update has written but not yet
// committed — or wrote before a crash — is never cited, and a citation's
// title and date always belong to the passage's own version. The next Update re-indexes every
// pending article, or deletes its documents if it has left the corpus.
// Update honours ctx between batches; a cancelled update is finished the
// same way by the next one.
func (ix *Index) Update(ctx context.Context, articles []corpus.Article, progress func(done, total int)) (Stats, error) {
	ix.update.Lock()
	defer ix.update.Unlock()

	var st Stats
	st.Rebuilt, ix.rebuilt = ix.rebuilt, false

	ix.mu.RLock()
	old := ix.man.Articles
	ix.mu.RUnlock()
	pending, err := ix.readPending()
	if err != nil {
		return st, err
	}

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
		case e.Hash != a.Hash || pending[a.ID]:
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
	var orphans []string // pending from a crashed update, and no longer in the corpus
	for id := range pending {
		if !seen[id] {
			orphans = append(orphans, id)
		}
	}
	if len(todo) == 0 && len(gone) == 0 && len(orphans) == 0 {
		return st, nil
	}

	ctx, cancel := context.WithCancel(ctx) // stops prepare's goroutines on an early return
	defer cancel()

	// 1. Mark what is about to be written.
	mark := make(map[string]bool, len(pending)+len(todo))
	for id := range pending {
		mark[id] = true
	}
	for _, a := range todo {
		mark[a.ID] = true
	}
	if err := ix.writePending(mark); err != nil {
		return st, err
	}
	// Weights read while documents are written count some of them; they
	// are dropped when the update ends, committed or not.
	defer ix.dropWeights()

	// 2. Write the documents, writers batches at a time.
	total := len(todo) + len(gone)
	now := ix.now().UTC()
	entries := make(map[string]entry, len(todo))
	var g errgroup.Group
	g.SetLimit(writers)
	b := ix.idx.NewBatch()
	send := func() {
		full := b
		b = ix.idx.NewBatch()
		g.Go(func() error {
			if err := ix.idx.Batch(full); err != nil {
				return fmt.Errorf("write batch: %w", err)
			}
			return nil
		})
	}
	done := 0
	for p := range prepare(ctx, todo) {
		if p.err != nil {
			g.Wait()
			return st, p.err
		}
		a := p.article
		if err := ix.deleteDocs(ctx, b, a.ID, old, pending); err != nil {
			g.Wait()
			return st, err
		}
		for _, d := range p.docs {
			if err := b.Index(d.id, d.fields); err != nil {
				g.Wait()
				return st, fmt.Errorf("index %s: %w", d.id, err)
			}
		}
		e := entry{
			Hash: a.Hash, Passages: p.passages,
			Title: a.Title, Source: a.Source, URL: a.URL, Published: a.Published,
			FirstIndexed: now, Updated: now,
		}
		prev, ok := old[a.ID]
		if !ok {
			prev, ok = ix.history[a.ID]
		}
		if ok {
			e.FirstIndexed = prev.FirstIndexed
			if prev.Hash == a.Hash {
				e.Updated = prev.Updated // re-written after a crash or a rebuild, not changed
			}
		}
		entries[a.ID] = e
		st.Passages += p.passages
		st.Figures += p.figures
		done++
		if progress != nil && done%200 == 0 {
			progress(done, total)
		}
		if b.Size() >= ix.batch {
			send()
		}
		if ctx.Err() != nil {
			break
		}
	}
	if b.Size() > 0 {
		send()
	}
	if err := g.Wait(); err != nil {
		return st, err
	}
	if err := ctx.Err(); err != nil {
		return st, err // the pending mark stays; the next Update finishes the job
	}
	if ix.crashBeforeCommit {
		return st, errCrashed
	}

	// 3. Commit: manifest, removals, pending mark cleared, atomically.
	b = ix.idx.NewBatch()
	for _, id := range gone {
		if err := ix.deleteDocs(ctx, b, id, old, pending); err != nil {
			return st, err
		}
	}
	for _, id := range orphans {
		if err := ix.deleteDocs(ctx, b, id, old, pending); err != nil {
			return st, err
		}
	}
	ix.mu.RLock()
	next := make(map[string]entry, len(ix.man.Articles)+len(entries))
	for id, e := range ix.man.Articles {
		next[id] = e
	}
	ix.mu.RUnlock()
	for id, e := range entries {
		next[id] = e
	}
	for _, id := range gone {
		delete(next, id)
	}
	m := manifest{Format: formatVersion, Articles: next}
	b.SetInternal(manifestKey, m.encode())
	b.DeleteInternal(pendingKey)
	if err := ix.idx.Batch(b); err != nil {
		return st, fmt.Errorf("write manifest: %w", err)
	}
	ix.mu.Lock()
	ix.man = m
	ix.mu.Unlock()
	ix.history = nil
	if progress != nil {
		progress(total, total)
	}
	return st, nil
}

// errCrashed stops an Update before its commit, in tests of crash recovery.
var errCrashed = errors.New("simulated crash before commit")

var pendingKey = []byte("newsdesk/pending")

func (ix *Index) readPending() (map[string]bool, error) {
	raw, err := ix.idx.GetInternal(pendingKey)
	if err != nil {
		return nil, fmt.Errorf("read pending updates: %w", err)
	}
	ids := map[string]bool{}
	if len(raw) > 0 {
		var list []string
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("decode pending updates: %w", err)
		}
		for _, id := range list {
			ids[id] = true
		}
	}
	return ids, nil
}

func (ix *Index) writePending(ids map[string]bool) error {
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	sort.Strings(list)
	raw, _ := json.Marshal(list) // strings always encode
	b := ix.idx.NewBatch()
	b.SetInternal(pendingKey, raw)
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("record pending updates: %w", err)
	}
	return nil
}

// deleteDocs adds to b the deletion of every document of an article: by the
// manifest's count when the article was cleanly indexed, or, when a crashed
// update may have written an unknown number of passages, by asking the
// index for them.
func (ix *Index) deleteDocs(ctx context.Context, b *bleve.Batch, id string, old map[string]entry, pending map[string]bool) error {
	b.Delete(articleDocID(id))
	if !pending[id] {
		for n := 1; n <= old[id].Passages; n++ {
			b.Delete(passageID(id, n))
		}
		return nil
	}
	q := bleve.NewTermQuery(id)
	q.SetField("article_id")
	req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("find passages of %s: %w", id, err)
	}
	for _, h := range res.Hits {
		b.Delete(h.ID)
	}
	return nil
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
	out := make(chan prepared, len(articles)) // workers never wait for a batch write
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
	raw, err := json.Marshal(packArticle(a))
	if err != nil {
		return prepared{err: fmt.Errorf("encode article %s: %w", a.ID, err)}
	}
	p.docs = append(p.docs, doc{articleDocID(a.ID), map[string]any{"type": typeArticle, "json": string(raw), "text": a.Text}})
	for _, ps := range split.Passages(a) {
		p.passages++
		d := map[string]any{
			"type":       typePassage,
			"article_id": a.ID,
			"hash":       a.Hash, // a passage is citable only under the manifest entry of its own version
			"n":          strconv.Itoa(ps.N),
			"title":      a.Title,
			"section":    ps.Section,
			"locator":    ps.Locator,
			"body":       ps.Text,
		}
		if figs := figures.Extract(ps.Text); len(figs) > 0 {
			p.figures += len(figs)
			kinds, subjects, periods, texts := make([]string, len(figs)), make([]string, len(figs)), make([]string, len(figs)), make([]string, len(figs))
			for i, f := range figs {
				kinds[i], subjects[i], periods[i], texts[i] = string(f.Kind), f.Subject, f.Period, f.Text
			}
			stored := slices.Clone(figs)
			for i := range stored {
				stored[i].Sentence = "" // found again in the passage when read
			}
			enc, err := json.Marshal(stored)
			if err != nil {
				return prepared{err: fmt.Errorf("encode figures of %s: %w", ps.ID, err)}
			}
			d["fig_kind"], d["fig_subject"], d["fig_period"], d["fig_text"] = kinds, subjects, periods, texts
			d["figs"] = string(enc)
		}
		p.docs = append(p.docs, doc{ps.ID, d})
	}
	return p
}

func passageID(articleID string, n int) string { return articleID + "#" + strconv.Itoa(n) }
