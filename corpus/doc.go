// Package corpus reads news articles and turns them into the pieces newsdesk
// cites: articles, passages and key figures. It is pure data: no index, no
// network, no I/O beyond reading the corpus files.
//
//	articles, report, err := corpus.Load(ctx, "articles/")
//	for _, a := range articles {
//		for _, p := range corpus.Split(a) {
//			figs := corpus.Extract(p.Text)
//			...
//		}
//	}
package corpus
