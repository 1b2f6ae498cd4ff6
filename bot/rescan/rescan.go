package rescan

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"newsdesk/corpus"
	"newsdesk/index"
)

// Loader reads the whole corpus again, e.g. corpus.Load of the corpus
// folder. It honours ctx.
type Loader func(ctx context.Context) ([]corpus.Article, error)

// Updater brings the index in line with the corpus. index.Store implements
// it; its searches keep answering while Update runs.
type Updater interface {
	Update(ctx context.Context, articles []corpus.Article, progress func(done, total int)) (index.Stats, error)
}

// defaultInterval is the rescan interval when none is given.
const defaultInterval = 5 * time.Minute

// healthInterval is how often Run asks the index whether it waits to be
// rebuilt (see Health).
const healthInterval = 10 * time.Second

// Health is what Run asks the index between passes: an error matching
// index.ErrRebuilding means it was found damaged and waits for an update
// to rebuild it from the corpus. index.Store implements it.
type Health interface {
	Health() error
}

// Run re-reads the corpus every interval (0 means five minutes), and soon
// after each signal on changes (nil: the interval alone; see package
// fswatch), and updates the index incrementally, so articles dropped into
// the corpus folder become citable (and appear in the next digest) without
// a restart, and removed ones are never cited again. When ix implements
// Health and reports that it waits to be rebuilt, a pass runs within ten
// seconds rather than at the next interval; after such a pass fails, the
// next one waits for the interval or a change. A failed load or update is
// logged and the loop carries on; a failed load never touches the index.
// Run returns when ctx is done. log may be nil.
func Run(ctx context.Context, interval time.Duration, changes <-chan time.Time, load Loader, ix Updater, log *slog.Logger) {
	if interval <= 0 {
		interval = defaultInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	h := time.NewTicker(healthInterval)
	defer h.Stop()
	loop(ctx, t.C, changes, h.C, load, ix, log, nil)
}

// loop runs one pass per tick or change, and per health check that finds
// the index waiting to be rebuilt, until ctx is done; done, when not nil,
// is called after each pass (tests wait on it).
func loop(ctx context.Context, ticks, changes, checks <-chan time.Time, load Loader, ix Updater, log *slog.Logger, done func(index.Stats, error)) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	retry := true // a health check may start a pass: the last one it started did not fail
	for {
		checked := false
		select {
		case <-ctx.Done():
			return
		case <-ticks:
		case <-changes: // nil when not watching: never ready
		case <-checks:
			if !retry || !rebuilding(ix) {
				continue
			}
			checked = true
		}
		st, err := once(ctx, load, ix)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Error("corpus rescan failed; will try again", "err", err)
		case st.Added+st.Updated+st.Removed > 0 || st.Rebuilt:
			log.Info("corpus rescanned", "added", st.Added, "updated", st.Updated, "removed", st.Removed, "rebuilt", st.Rebuilt)
		default:
			log.Debug("corpus rescanned; nothing changed", "articles", st.Unchanged)
		}
		if checked || err == nil {
			retry = err == nil
		}
		if done != nil {
			done(st, err)
		}
	}
}

// rebuilding reports whether ix says it waits to be rebuilt.
func rebuilding(ix Updater) bool {
	h, ok := ix.(Health)
	return ok && errors.Is(h.Health(), index.ErrRebuilding)
}

// once is one pass: load, then update the index unless the load failed or
// came back empty while the index is not.
func once(ctx context.Context, load Loader, ix Updater) (index.Stats, error) {
	articles, err := load(ctx)
	if err != nil {
		return index.Stats{}, fmt.Errorf("reload corpus: %w", err)
	}
	if l, ok := ix.(interface{ Len() int }); ok && len(articles) == 0 && l.Len() > 0 {
		// An unmounted or emptied folder would otherwise remove every
		// article; someone who means it can run `newsdesk index`.
		return index.Stats{}, fmt.Errorf("the corpus folder has no articles now; not removing the %d indexed ones (is it mounted?)", l.Len())
	}
	st, err := ix.Update(ctx, articles, nil)
	if err != nil {
		return st, fmt.Errorf("update index: %w", err)
	}
	return st, nil
}
