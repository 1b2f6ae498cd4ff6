package bleve

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	"golang.org/x/sync/errgroup"

	"newsdesk/corpus"
	"newsdesk/index"
)

// defaultBatch is how many document writes go into one bleve batch. A
// batch's analysis is most of indexing's live memory, but batches of 1,000
// (a third less peak memory at 25,000 articles, as fast) cut the segments
// differently, which reorders passages of equal score and lowered a few
// eval figures (docs/speed.md).
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
// Then, when a large update has left the index in more than a few
// segments, Update merges them (see compact) before it returns; the update
// is done whether or not the merge is.
//
// Searches only return passages whose article version (content hash) is
// the one the manifest lists, so what an update has written but not yet
// committed — or wrote before a crash — is never cited, and a citation's
// title and date always belong to the passage's own version. The next
// Update re-indexes every pending article, or deletes its documents if it
// has left the corpus.
// Update honours ctx between batches; a cancelled update is finished the
// same way by the next one.
//
// An article a load left unread on Known's word (corpus.Article.Unread) is
// kept as indexed; when it cannot be (the index was rebuilt or changed
// since Known vouched for it), Update fails with an error matching
// index.ErrUnread before it writes anything. An unchanged article whose
// file's size or time changed (a touched file) has only its manifest entry
// rewritten.
//
// Before it writes, Update mends an index that a failure left suspect and
// checks the segments' checksums; a damaged index is moved aside and this
// Update rebuilds it (see Health). A write that fails (a full disk) fails
// the Update with an error, and the index is reopened from disk, as it was
// before the Update: it serves on, and the next Update tries again.
func (ix *Index) Update(ctx context.Context, articles []corpus.Article, progress func(done, total int)) (index.Stats, error) {
	ix.update.Lock()
	defer ix.update.Unlock()
	ix.mendIfDue()
	if err := ix.check(); err != nil {
		ix.reopen(err)
	}
	st, err := ix.apply(ctx, articles, progress)
	var werr *writeError
	if errors.As(err, &werr) || errors.Is(err, index.ErrDamaged) {
		// scorch serves a batch before it is on disk, and after one fails
		// to persist it serves the segment it closed: only the disk, which
		// the failed batch never reached, is sound.
		if ix.afterFailedWrite != nil {
			ix.afterFailedWrite()
		}
		ix.reopen(err)
	}
	return st, err
}

// check returns an error matching index.ErrDamaged when the open index's
// segments fail their checksums. The caller holds ix.update.
func (ix *Index) check() error {
	ix.use.RLock()
	defer ix.use.RUnlock()
	if ix.idx == nil {
		return nil
	}
	if err := guard(func() error { return checkSegments(ix.idx, &ix.segments) }); err != nil {
		return fmt.Errorf("%w: %w", index.ErrDamaged, err)
	}
	return nil
}

// apply is Update on the open index. A panic under it is returned as an
// error matching index.ErrDamaged; a failed write as a *writeError.
func (ix *Index) apply(ctx context.Context, articles []corpus.Article, progress func(done, total int)) (index.Stats, error) {
	ix.use.RLock()
	defer ix.use.RUnlock()
	if ix.idx == nil {
		if err := ix.Health(); err != nil {
			return index.Stats{}, err
		}
		return index.Stats{}, errClosed
	}
	var st index.Stats
	err := guard(func() (err error) {
		st, err = ix.write(ctx, articles, progress)
		return err
	})
	if errors.Is(err, errPanicked) {
		err = fmt.Errorf("update index: %w: %w", index.ErrDamaged, err)
	}
	return st, err
}

// write is the three steps of Update (see there). The caller holds use.
func (ix *Index) write(ctx context.Context, articles []corpus.Article, progress func(done, total int)) (index.Stats, error) {
	rebuilt := ix.rebuilt
	ix.mu.RLock()
	old := ix.man.Articles
	ix.mu.RUnlock()
	pending, err := ix.readPending()
	if err != nil {
		return index.Stats{Rebuilt: rebuilt}, err
	}
	p, st, err := diff(articles, old, pending, ix.readText != nil)
	st.Rebuilt = rebuilt
	if err != nil {
		return st, err
	}
	if p.empty() {
		if len(p.restamp) > 0 {
			if err := ix.commit(ctx, p, nil); err != nil {
				return st, err
			}
		}
		ix.rebuildDone()
		return st, nil
	}

	ctx, cancel := context.WithCancel(ctx) // stops prepare's goroutines on an early return
	defer cancel()

	// 1. Mark what is about to be written.
	mark := p.mark()
	if err := ix.writePending(mark); err != nil {
		return st, err
	}
	ix.setPending(mark)
	// Weights read while documents are written count some of them; they
	// are dropped when the update ends, committed or not.
	defer ix.dropWeights()

	// 2. Write the documents.
	entries, err := ix.writeDocs(ctx, p, &st, progress)
	if err != nil {
		return st, err // the pending mark stays; the next Update finishes the job
	}
	if ix.crashBeforeCommit {
		return st, errCrashed
	}

	// 3. Commit.
	if err := ix.commit(ctx, p, entries); err != nil {
		return st, err
	}
	ix.rebuildDone()
	ix.dropWeights() // now, not only when the merge below is done: the counts have changed
	if progress != nil {
		progress(p.total(), p.total())
	}
	if err := ix.compact(ctx, st.Passages); err != nil && ctx.Err() == nil {
		ix.logger().Warn("the index's segments were not merged; questions are answered a little slower until they are", "err", err)
	}
	return st, nil
}

// rebuildDone records that the index matches the corpus: an index rebuilt
// from scratch is reported once, and answers again.
func (ix *Index) rebuildDone() {
	ix.rebuilt = false
	ix.setRebuilding(nil)
}

// writeError is a bleve batch that failed. scorch has applied the batch in
// memory whether or not it reached the disk, so Update reopens the index
// after one.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// writeBatch writes b to the index, under guard; a failure is a *writeError.
// The caller holds use.
func (ix *Index) writeBatch(b *blevesearch.Batch) error {
	if err := guard(func() error { return ix.idx.Batch(b) }); err != nil {
		return &writeError{err}
	}
	return nil
}

// plan is what an Update has to do, worked out from the corpus, the
// manifest and the pending mark before anything is written.
type plan struct {
	old     map[string]entry // the manifest's articles when the update began
	pending map[string]bool  // articles an earlier update wrote and did not commit
	todo    []corpus.Article // to write: new, changed, or pending
	gone    []string         // in the manifest, no longer in the corpus
	orphans []string         // pending, and no longer in the corpus
	// restamp holds the unchanged articles whose file's size or time is
	// not the manifest's (touched, copied, or indexed before the manifest
	// kept them): only their entries are written.
	restamp map[string]corpus.FileInfo
}

// diff compares articles with the manifest's old entries and the pending
// articles, and counts what the update will do. An unread article that has
// to be written is an error matching index.ErrUnread unless canRead (the
// index has Options.Read).
func diff(articles []corpus.Article, old map[string]entry, pending map[string]bool, canRead bool) (plan, index.Stats, error) {
	p := plan{old: old, pending: pending}
	var st index.Stats
	seen := make(map[string]bool, len(articles))
	for _, a := range articles {
		if seen[a.ID] {
			continue // Load never returns duplicate IDs; be safe with callers that might
		}
		seen[a.ID] = true
		e, ok := old[a.ID]
		switch {
		case a.Unread && !canRead && (!ok || e.Hash != a.Hash || pending[a.ID]):
			return p, st, fmt.Errorf("%s: %w", a.ID, index.ErrUnread)
		case !ok:
			st.Added++
			p.todo = append(p.todo, a)
		case e.Hash != a.Hash || pending[a.ID]:
			st.Updated++
			p.todo = append(p.todo, a)
		default:
			st.Unchanged++
			if a.File != e.file() && a.File != (corpus.FileInfo{}) {
				if p.restamp == nil {
					p.restamp = map[string]corpus.FileInfo{}
				}
				p.restamp[a.ID] = a.File
			}
		}
	}
	for id := range old {
		if !seen[id] {
			p.gone = append(p.gone, id)
		}
	}
	st.Removed = len(p.gone)
	for id := range pending {
		if !seen[id] {
			p.orphans = append(p.orphans, id)
		}
	}
	return p, st, nil
}

// empty reports whether the index already matches the corpus.
func (p plan) empty() bool { return len(p.todo) == 0 && len(p.gone) == 0 && len(p.orphans) == 0 }

// total is the number of articles progress counts: written and removed.
func (p plan) total() int { return len(p.todo) + len(p.gone) }

// mark is the pending mark of the update: what was pending already, and
// what it is about to write.
func (p plan) mark() map[string]bool {
	mark := make(map[string]bool, len(p.pending)+len(p.todo))
	for id := range p.pending {
		mark[id] = true
	}
	for _, a := range p.todo {
		mark[a.ID] = true
	}
	return mark
}

// writeDocs indexes the documents of p.todo, replacing those of their earlier
// versions, writers batches at a time (an article of more documents than a
// batch, one batch at a time), and returns the manifest entries of
// the articles written. It adds the passages and figures written to st and
// reports progress every 200 articles. It stops between articles when ctx
// is done or a batch has failed, and returns the error.
func (ix *Index) writeDocs(ctx context.Context, p plan, st *index.Stats, progress func(done, total int)) (map[string]entry, error) {
	now := ix.now().UTC()
	entries := make(map[string]entry, len(p.todo))
	// failed is set when a batch fails: the rest would too. (Not an
	// errgroup context: Wait, called below between the batches of a large
	// article, would end it.)
	var g errgroup.Group
	var failed atomic.Bool
	g.SetLimit(writers)
	defer g.Wait() // a panic below still waits for the batches in flight
	b := ix.idx.NewBatch()
	send := func() {
		full := b
		b = ix.idx.NewBatch()
		g.Go(func() error {
			if err := ix.writeBatch(full); err != nil {
				failed.Store(true)
				return fmt.Errorf("write batch: %w", err)
			}
			return nil
		})
	}
	done := 0
	for pd := range prepare(ctx, p.todo, ix.readText) {
		if pd.err != nil {
			g.Wait()
			return nil, pd.err
		}
		a := pd.article
		if err := ix.deleteDocs(ctx, b, a.ID, p.old, p.pending); err != nil {
			g.Wait()
			return nil, err
		}
		for _, d := range pd.docs {
			if len(pd.docs) > ix.batch && b.Size() >= ix.batch {
				// An article of more documents than a batch holds (a file of
				// megabytes) is written one batch at a time: in one batch, or
				// in several side by side, its analysis would take memory in
				// proportion to the file. Each batch is written before the
				// next is sent, so the deletes of its old documents, in the
				// first, land before any new document that replaces them.
				send()
				if err := g.Wait(); err != nil {
					return nil, err
				}
			}
			if err := b.Index(d.id, d.fields); err != nil {
				g.Wait()
				return nil, fmt.Errorf("index %s: %w", d.id, err)
			}
		}
		entries[a.ID] = ix.entryFor(a, pd.passages, p.old, now)
		st.Passages += pd.passages
		st.Figures += pd.figures
		done++
		if progress != nil && done%200 == 0 {
			progress(done, p.total())
		}
		if b.Size() >= ix.batch {
			send()
		}
		if failed.Load() || ctx.Err() != nil {
			break
		}
	}
	if b.Size() > 0 && !failed.Load() && ctx.Err() == nil {
		send()
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return entries, nil
}

// entryFor is the manifest entry of article a, written now with passages
// passages. An article indexed before (in old, or in the index a rebuild
// replaced) keeps when it was first indexed, and, when its content is the
// same, when it last changed.
func (ix *Index) entryFor(a corpus.Article, passages int, old map[string]entry, now time.Time) entry {
	e := entry{
		Hash: a.Hash, Passages: passages,
		Title: a.Title, Source: a.Source, URL: a.URL, Published: a.Published,
		FirstIndexed: now, Updated: now,
		Size: a.File.Size, ModTime: a.File.ModTime,
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
	return e
}

// commit makes an update's written documents citable, in one batch: it
// writes the new manifest, deletes the documents of removed and orphaned
// articles, and clears the pending mark.
func (ix *Index) commit(ctx context.Context, p plan, entries map[string]entry) error {
	b := ix.idx.NewBatch()
	for _, id := range p.gone {
		if err := ix.deleteDocs(ctx, b, id, p.old, p.pending); err != nil {
			return err
		}
	}
	for _, id := range p.orphans {
		if err := ix.deleteDocs(ctx, b, id, p.old, p.pending); err != nil {
			return err
		}
	}
	// The new entries go to the shards they change, then to the manifest
	// in memory, in place, once the batch is written: only Update changes
	// it, and Update holds ix.update.
	ix.mu.RLock()
	cur, head := ix.man.Articles, ix.man
	ix.mu.RUnlock()
	upd := make(map[string]entry, len(entries)+len(p.restamp))
	for id, e := range entries {
		upd[id] = e
	}
	for id, f := range p.restamp {
		if e, ok := cur[id]; ok {
			e.Size, e.ModTime = f.Size, f.ModTime
			upd[id] = e
		}
	}
	writeShards(b, cur, upd, p.gone, head.Shards == 0)
	m := manifest{Format: formatVersion, Commits: head.Commits + 1, Shards: manifestShards}
	b.SetInternal(manifestKey, m.encode())
	b.DeleteInternal(pendingKey)
	if err := ix.writeBatch(b); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	ix.mu.Lock()
	for id, e := range upd {
		ix.man.Articles[id] = e
	}
	for _, id := range p.gone {
		delete(ix.man.Articles, id)
	}
	ix.man.Format, ix.man.Commits, ix.man.Shards = m.Format, m.Commits, m.Shards
	m.Articles = ix.man.Articles
	ix.pending = map[string]bool{}
	ix.mu.Unlock()
	ix.history = nil
	if len(entries) > 0 || len(p.gone) > 0 {
		// A commit that only restamps changes no article's history; the
		// file's count of commits may lag the manifest's (see history.go).
		ix.saveHistory(m)
	}
	return nil
}

// deleteDocs adds to b the deletion of every document of an article: by the
// manifest's count when the article was cleanly indexed, or, when a crashed
// update may have written an unknown number of passages, by asking the
// index for them.
func (ix *Index) deleteDocs(ctx context.Context, b *blevesearch.Batch, id string, old map[string]entry, pending map[string]bool) error {
	b.Delete(articleDocID(id))
	if !pending[id] {
		for n := 1; n <= old[id].Passages; n++ {
			b.Delete(passageID(id, n))
		}
		return nil
	}
	q := blevesearch.NewTermQuery(id)
	q.SetField("article_id")
	req := blevesearch.NewSearchRequestOptions(q, 100000, 0, false)
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("find passages of %s: %w", id, err)
	}
	for _, h := range res.Hits {
		b.Delete(h.ID)
	}
	return nil
}
