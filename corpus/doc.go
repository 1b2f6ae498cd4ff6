// Package corpus reads news articles: it finds the article files under a
// folder (or an fs.FS), parses plain text, Markdown, HTML and JSON Lines
// into Articles with their Sections, and says why any file was skipped. It
// is pure data: no index, no network, no I/O beyond reading the corpus
// files. Passage is the citable piece of an Article that the index stores
// and answers quote; cutting articles into passages and sentences is
// package corpus/split, and finding the key figures in a text is package
// corpus/figures. Both import this package, never the other way.
//
//	articles, report, err := corpus.Load(ctx, "articles/")
//	if err != nil {
//		return err
//	}
//	for _, s := range report.Skipped {
//		log.Info("skipped", "path", s.Path, "reason", s.Reason)
//	}
//	for _, a := range articles {
//		for _, p := range split.Passages(a) {
//			figs := figures.Extract(p.Text)
//			...
//		}
//	}
package corpus
