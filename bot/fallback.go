package bot

import (
	"context"
	"errors"
)

// FallbackReason is the part of a Summarizer error fit to show a user, as
// why a summary was not shown: the kind of failure (the Reason of an
// *llm.EndpointError or a *grounding.Error), never the endpoint's or the
// model's own text.
func FallbackReason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "the model did not answer in time"
	}
	var r interface{ Reason() string }
	if errors.As(err, &r) {
		return r.Reason()
	}
	return "the model's answer could not be used"
}
