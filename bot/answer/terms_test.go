package answer

import "newsdesk/index/bleve"

// terms is the index's analyzer, for tests that have no index at hand.
var terms = bleve.NewAnalyzer().Terms
