// Package index is newsdesk's search index as a port: the small types that
// cross into the rest of the program (Hit, FigureHit, ArticleInfo, Stats),
// the errors callers branch on (ErrLocked, ErrNotFound, ErrDamaged,
// ErrRebuilding), and the Store interface. It imports no search engine:
// index/bleve implements Store on bleve, main opens it, and everything else
// takes an index.Store (or a smaller interface of its own).
//
//	func answer(ctx context.Context, ix index.Store, question string) error {
//		hits, err := ix.Search(ctx, question, 5)
//		if err != nil {
//			return fmt.Errorf("search: %w", err)
//		}
//		for _, h := range hits {
//			fmt.Println(h.Title, h.Passage.Locator, h.Terms)
//		}
//		return nil
//	}
package index
