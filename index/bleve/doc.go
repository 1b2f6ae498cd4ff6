// Package bleve implements index.Store on bleve: newsdesk's passages, key
// figures and stored articles in a bleve scorch index under a data folder.
// It is the only package that imports bleve (as blevesearch); what leaves
// it is the project's own types (index.Hit, index.FigureHit).
//
// It holds the mapping and the analysis (bleve's English analyzer with a
// faster tokenizer and a stemmer that remembers), incremental updates with
// crash recovery (a pending mark and a manifest written in the commit
// batch), searching, figure lookup, the stored articles, a lock on the data
// folder, and what is done about damage: bleve's panics turned into errors,
// segment checksums, and the rebuild of a damaged index (health.go).
//
//	ix, err := bleve.Open(ctx, "data", bleve.Options{Owner: "newsdesk ask", Log: log})
//	if errors.Is(err, index.ErrLocked) { … another process holds the folder … }
//	defer ix.Close()
//	stats, err := ix.Update(ctx, articles, nil) // incremental; rebuilds a damaged index
//	var store index.Store = ix                  // what the rest of newsdesk takes
//	hits, err := store.Search(ctx, "allies support Ukraine 2024", 5)
//	if errors.Is(err, index.ErrDamaged) || errors.Is(err, index.ErrRebuilding) {
//		… ask again once the next Update has run; ix.Health() says why …
//	}
//
// Code that needs the index's search terms without an open index makes an
// Analyzer once and reuses it:
//
//	an := bleve.NewAnalyzer()
//	an.Terms("Allies' support rose") // ["alli" "support" "rose"]
package bleve
