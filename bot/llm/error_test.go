package llm

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"newsdesk/bot"
)

// TestEndpointErrorReason checks the user-safe sentences, read the way the
// answer path reads them.
func TestEndpointErrorReason(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"status", &EndpointError{Status: 503, Attempts: 3, Message: "secret details"}, "the model endpoint answered with status 503"},
		{"malformed", &EndpointError{Status: 200, Attempts: 1, Message: "malformed response"}, "the model endpoint sent an unusable response"},
		{"timeout", &EndpointError{Attempts: 1, cause: context.DeadlineExceeded}, "the model did not answer in time"},
		{"unreachable", &EndpointError{Attempts: 1, Message: "connection refused"}, "the model endpoint could not be reached"},
		{"wrapped", fmt.Errorf("summarize: %w", &EndpointError{Attempts: 1, cause: context.Canceled}), "the question was cancelled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bot.FallbackReason(tt.err); got != tt.want {
				t.Errorf("FallbackReason(%v) = %q; want %q", tt.err, got, tt.want)
			}
			if !errors.Is(tt.err, bot.ErrLLMUnavailable) {
				t.Errorf("errors.Is(%v, ErrLLMUnavailable) = false; want true", tt.err)
			}
		})
	}
}
