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

// Updater brings the index in line with the corpus. index.Store implements
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

// KeepSkipped adds to articles, for each file the load skipped (caught empty
// or half-written while being saved, unreadable for a moment), the version
// of its article that is already indexed, so a rescan does not drop it and
// announce it again as new when the file comes back. Files that are gone are
// not in the report, and their articles are removed as usual.
func KeepSkipped(ctx context.Context, store ArticleStore, articles []corpus.Article, report corpus.Report) []corpus.Article {
	if len(report.Skipped) == 0 {
		return articles
	}
	have := make(map[string]bool, len(articles))
	for _, a := range articles {
		have[a.ID] = true
	}
	indexed := map[string]bool{}
	for _, a := range store.Articles() {
		indexed[a.ID] = true
	}
	for _, s := range report.Skipped {
		id := corpus.ArticleID(s.Path)
		if have[id] || !indexed[id] {
			continue
		}
		if a, err := store.Article(ctx, id); err == nil {
			articles = append(articles, a)
			have[id] = true
		}
	}
	return articles
}
