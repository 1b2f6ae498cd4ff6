package rank

// The model internals the fitting harness reads. The harness runs the whole
// answer path, so it is in package rank_test (fit_test.go), which may import
// package answer; package rank's own tests may not.
var (
	LeadWeights  = leadWeights
	QuoteWeights = quoteWeights
	LeadOptions  = leadOptions
	LeadInput    = leadInput
	QuoteInput   = quoteInput
)
