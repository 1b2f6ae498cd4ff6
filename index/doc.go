// Package index stores newsdesk's passages, key figures and articles in a
// bleve index on disk and searches them. It is the only package that imports
// bleve; what leaves it is the project's own types (Hit, FigureHit).
//
//	ix, err := index.Open(ctx, "data", index.Options{Owner: "newsdesk ask"})
//	if errors.Is(err, index.ErrLocked) { … another process holds the folder … }
//	defer ix.Close()
//	stats, err := ix.Update(ctx, articles, nil) // incremental
//	hits, err := ix.Search(ctx, "allies support Ukraine 2024", 5)
package index
