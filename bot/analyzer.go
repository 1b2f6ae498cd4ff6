package bot

import "newsdesk/index/bleve"

// analyzer gives the index's search terms to code that has no index.Store
// at hand (package-level tables, free functions, tests). It stands in for
// the package-level index.Terms of before index/bleve; prefer the Terms
// method of the index.Store being used, passed in.
var analyzer = bleve.NewAnalyzer()
