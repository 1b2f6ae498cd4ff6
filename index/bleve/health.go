package bleve

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"newsdesk/index"
)

// What the Index does when bleve fails under it.
//
// Every call into bleve runs under guard, so a panic in bleve or in a zap
// segment reader becomes an error matching index.ErrDamaged and never takes
// the process down. The call that met it returns that error, for its caller
// to log; the Index becomes suspect, and its queries return
// index.ErrRebuilding without touching bleve until it is mended: closed, and
// opened again from disk as Open opens it, every segment checked against the
// checksum in its footer. An index whose files are sound serves again at
// once (a failed write breaks only scorch's state in memory). A damaged one
// is moved aside to <data>/index/<name>.damaged (index.damaged for an unnamed index) and replaced by an empty one; until
// an Update has filled it from the corpus, Health and the queries return
// index.ErrRebuilding, and that Update reports Stats.Rebuilt and keeps when
// each article was first indexed.
//
// A mend runs in a goroutine the Index starts when it becomes suspect (one
// at a time; Close waits for it), or at the start of the next Update,
// whichever comes first. An Update also checks the segments before it
// writes: writing makes scorch merge segments, reading every one of them.
// When one of its own writes fails (a full disk), Update reopens the index
// from disk, which the failed batch never reached, and returns the error:
// the old index serves on, and the next Update tries again.
//
// scorch recovers the panics of its own goroutines (a merge that read a
// damaged segment) and reports them to a callback, which makes the Index
// suspect as a panic under a call does.
//
// What is not recovered: bleve runs parts of some queries (looking up
// document IDs, for one) on goroutines of its own, where a panic ends the
// process. The checksums at Open and before every Update keep a damaged
// segment from being read at all; a file damaged while the process runs is
// found by the next Update or by the first call it makes fail, and if it
// crashes the process first, by the checksums when it starts again.

// errClosed is returned by the methods of a closed Index.
var errClosed = errors.New("the index is closed")

// Health returns nil when the index answers, and otherwise an error
// matching index.ErrRebuilding that says why: it is being checked after a
// failure, or it was damaged and waits for an Update to rebuild it from the
// corpus. It does no I/O.
func (ix *Index) Health() error {
	ix.state.Lock()
	defer ix.state.Unlock()
	switch {
	case ix.rebuilding != nil:
		return ix.rebuilding
	case ix.suspect != nil:
		return fmt.Errorf("%w: it is being checked after a failure: %w", index.ErrRebuilding, ix.suspect)
	}
	return nil
}

// read runs fn on the open bleve index for a query, under guard, and not at
// all while the index is being checked or rebuilt (see Health). A panic,
// or an error from an index whose segments no longer match their
// checksums, is returned as an error matching index.ErrDamaged, and makes
// the index suspect. Other errors are returned as they are.
func (ix *Index) read(ctx context.Context, fn func(idx blevesearch.Index) error) error {
	if err := ix.Health(); err != nil {
		return err
	}
	ix.use.RLock()
	defer ix.use.RUnlock()
	if ix.idx == nil {
		if err := ix.Health(); err != nil {
			return err
		}
		return errClosed
	}
	err := guard(func() error { return fn(ix.idx) })
	switch {
	case err == nil, ctx.Err() != nil, errors.Is(err, index.ErrNotFound):
		return err
	case !errors.Is(err, errPanicked):
		// An error can be damage too ("index read inconsistency",
		// a bitmap that does not decode): the checksums tell.
		cerr := guard(func() error { return checkSegments(ix.idx, nil) }) // after a failure: every file
		if cerr == nil {
			return err
		}
		err = fmt.Errorf("%w (%w)", err, cerr)
	}
	err = fmt.Errorf("%w: %w", index.ErrDamaged, err)
	ix.fail(ix.gen.Load(), err)
	return err
}

// fail makes the index suspect because its bleve index of generation gen
// failed with cause, and starts a mend unless one is running. A failure of
// an index since replaced, or after Close, is ignored. It never blocks: it
// is called by queries and by scorch's own goroutines.
func (ix *Index) fail(gen uint64, cause error) {
	ix.state.Lock()
	defer ix.state.Unlock()
	if gen != ix.gen.Load() || ix.suspect != nil || ix.closed {
		return
	}
	ix.suspect = cause
	ix.segments.forget() // the mend reads every segment again
	if ix.mending {
		return // the running mend sees it before it ends
	}
	ix.mending = true
	ix.mends.Add(1)
	go func() {
		defer ix.mends.Done()
		ix.mendSoon()
	}()
}

// mendSoon mends the index as soon as no Update runs, again while a new
// failure came in meanwhile, and ends when there is none or the index is
// closed.
func (ix *Index) mendSoon() {
	for {
		ix.update.Lock()
		ix.mendIfDue()
		ix.update.Unlock()
		ix.state.Lock()
		if ix.suspect == nil || ix.closed {
			ix.mending = false
			ix.state.Unlock()
			return
		}
		ix.state.Unlock()
	}
}

// mendIfDue reopens the index when it is suspect, or when no bleve index is
// open (a reopening failed). The caller holds ix.update.
func (ix *Index) mendIfDue() {
	ix.state.Lock()
	cause, closed := ix.suspect, ix.closed
	ix.state.Unlock()
	if closed || cause == nil && ix.idx != nil {
		return
	}
	if cause == nil {
		cause = errors.New("an earlier reopening failed")
	}
	ix.reopen(cause)
	if ix.Health() == nil {
		ix.logger().Warn("the index failed and was reopened from disk; its files are sound", "failure", cause)
	}
}

// reopen closes the bleve index and opens it again from disk, as Open
// does: a sound one serves again, a damaged one is moved aside and replaced
// by an empty one for the next Update to rebuild. When it cannot be opened
// at all, Health says so and the next Update tries again. The caller holds
// ix.update.
func (ix *Index) reopen(cause error) {
	ix.use.Lock()
	defer ix.use.Unlock()
	if ix.idx != nil {
		_ = guard(ix.idx.Close) // what counts is what opening it again finds
		ix.idx = nil
	}
	ix.state.Lock()
	ix.suspect = nil
	ix.state.Unlock()
	ix.dropWeights()
	if err := ix.open(); err != nil {
		ix.setRebuilding(fmt.Errorf("%w: it could not be opened again after a failure (%v): %w", index.ErrRebuilding, cause, err))
		ix.logger().Error("the index failed and could not be opened again; the next update tries again", "failure", cause, "err", err)
	}
}

// setRebuilding records why the index cannot answer until an Update has
// run (nil: it can).
func (ix *Index) setRebuilding(err error) {
	ix.state.Lock()
	ix.rebuilding = err
	ix.state.Unlock()
}

// asyncCallback is the name of newsdesk's callback in scorch's registry.
// scorch reports the failures of its own goroutines to a callback it looks
// up by name when an index opens, in a registry meant to be filled before
// any index opens, with the path of the index's store; asyncFailures is
// where that callback finds the Index of the path. Both are package state
// because scorch's registry is.
const asyncCallback = "newsdesk"

var asyncFailures sync.Map // store path → func(error)

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncCallback] = func(err error, path string) {
		if f, ok := asyncFailures.Load(filepath.Clean(path)); ok {
			f.(func(error))(err)
		}
	}
}

// storePath is where bleve keeps the scorch store of the index: the path
// scorch's callback names.
func (ix *Index) storePath() string { return filepath.Join(ix.path(), "store") }

// watch makes a panic in the goroutines of the bleve index of generation
// gen make the Index suspect. scorch also reports failed writes of its
// own; those reach Update through the batch that failed, or are retried
// by scorch.
func (ix *Index) watch(gen uint64) {
	asyncFailures.Store(ix.storePath(), func(err error) {
		if errors.Is(err, scorch.ErrAsyncPanic) {
			ix.fail(gen, fmt.Errorf("%w: %w", index.ErrDamaged, err))
		}
		ix.mergeFailed(err)
	})
}
