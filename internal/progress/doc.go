// Package progress draws one line of progress on a terminal, redrawn in
// place, for the commands that index or embed before they answer:
//
//	line := progress.New(os.Stderr, "indexing", "indexed", "articles")
//	defer line.Close()
//	line.Say("reading articles in ~/news…")
//	ix.Update(ctx, articles, line.Show) // indexing 2,225 articles… 40% (1s)
//	                                    // indexed 2,225 articles in 4.1s
//
// The caller decides whether there is a terminal to draw on; a Line writes
// carriage returns and erase-line escapes that only make sense on one.
package progress
