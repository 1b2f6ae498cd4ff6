package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"newsdesk/corpus"
	"newsdesk/index"
)

// CorpusLoader reads the whole corpus again, e.g. corpus.Load of the corpus
// folder. It honours ctx.
type CorpusLoader func(ctx context.Context) ([]corpus.Article, error)

// Updater brings the index in line with the corpus. *index.Index implements
// it; its searches keep answering while Update runs.
type Updater interface {
	Update(ctx context.Context, articles []corpus.Article, progress func(done, total int)) (index.Stats, error)
}

// Rescan re-reads the corpus every interval and updates the index
// incrementally, so articles dropped into the corpus folder become
// citable (and appear in the next digest) without a restart, and removed
// ones are never cited again. A failed load or update is logged and the
// loop carries on; a failed load never touches the index. Rescan returns
// when ctx is done. log may be nil.
func Rescan(ctx context.Context, interval time.Duration, load CorpusLoader, ix Updater, log *slog.Logger) {
	if interval <= 0 {
		interval = 5 * time.Minute
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	rescan(ctx, t.C, load, ix, log, nil)
}

// rescan runs one pass per tick until ctx is done; done, when not nil, is
// called after each pass (tests wait on it).
func rescan(ctx context.Context, ticks <-chan time.Time, load CorpusLoader, ix Updater, log *slog.Logger, done func(index.Stats, error)) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticks:
		}
		st, err := rescanOnce(ctx, load, ix)
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
		if done != nil {
			done(st, err)
		}
	}
}

func rescanOnce(ctx context.Context, load CorpusLoader, ix Updater) (index.Stats, error) {
	articles, err := load(ctx)
	if err != nil {
		return index.Stats{}, fmt.Errorf("reload corpus: %w", err)
	}
	st, err := ix.Update(ctx, articles, nil)
	if err != nil {
		return st, fmt.Errorf("update index: %w", err)
	}
	return st, nil
}
