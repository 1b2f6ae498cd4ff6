package rescan

import (
	"context"

	"newsdesk/corpus"
	"newsdesk/index"
)

// Indexed is what KeepSkipped reads from the index: the indexed articles
// and each one's stored text. index.Store implements it.
type Indexed interface {
	Articles() []index.ArticleInfo
	Article(ctx context.Context, id string) (corpus.Article, error)
}

// KeepSkipped adds to articles, for each file the load skipped (caught empty
// or half-written while being saved, unreadable for a moment), the version
// of its article that is already indexed, so a rescan does not drop it and
// announce it again as new when the file comes back. Files that are gone are
// not in the report, and their articles are removed as usual.
func KeepSkipped(ctx context.Context, store Indexed, articles []corpus.Article, report corpus.Report) []corpus.Article {
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
