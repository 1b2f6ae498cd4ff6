package bot

// CheckSummary runs the grounding checks a model's answer passes before
// anyone sees it (see checkGrounding) over text written from passages. It
// returns the cleaned summary, or an error matching ErrUngrounded. The daily
// digest checks its overview with it, whatever Summarizer wrote it.
func CheckSummary(text string, passages []Citation) (Summary, error) {
	return checkGrounding(text, passages)
}

// FallbackReason is the part of a summarizer error fit to show or to put in
// a JSON field: the kind of failure, never the endpoint's own text.
func FallbackReason(err error) string { return fallbackReason(err) }
