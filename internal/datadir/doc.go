// Package datadir says where a corpus's files live in newsdesk's data
// folder, so that one data folder keeps one index and one vector cache per
// corpus instead of replacing one corpus's with another's:
//
//	data/index/embedded/            the embedded article's index
//	data/index/news-3f2a9c1d0b7e/   the index of the folder ~/news
//	data/vectors/news-3f2a9c1d0b7e.db
//
//	name, err := datadir.CorpusName(cfg.CorpusDir) // "embedded" for ""
//	ix, err := bleve.Open(ctx, cfg.DataDir, bleve.Options{Name: name})
//	vectors, err := datadir.Vectors(cfg.DataDir, name) // after Open: it holds the lock
package datadir
