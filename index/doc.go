// Package index is newsdesk's search index as a port: the small types that
// cross into the rest of the program (Hit, FigureHit, ArticleInfo, Stats),
// its errors (ErrLocked, ErrNotFound), and the Store interface. It imports
// no search engine; index/bleve implements Store on bleve, and main picks
// the implementation.
//
//	var ix index.Store // in main: ix, err = bleve.Open(ctx, "data", bleve.Options{Owner: "newsdesk ask"})
//	if errors.Is(err, index.ErrLocked) { … another process holds the folder … }
//	defer ix.Close()
//	stats, err := ix.Update(ctx, articles, nil) // incremental
//	hits, err := ix.Search(ctx, "allies support Ukraine 2024", 5)
//	for _, h := range hits {
//		fmt.Println(h.Title, h.Passage.Locator, h.Terms)
//	}
package index
