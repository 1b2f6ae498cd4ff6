package llm

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"newsdesk/bot"
	"newsdesk/bot/grounding"
	"newsdesk/corpus"

	openai "github.com/sashabaranov/go-openai"
)

// EndpointError says why the endpoint gave no usable answer. Its text never
// contains the API key: the endpoint's own message is cut short, stripped of
// control characters and redacted. It is for the operator's log, not for the
// user.
type EndpointError struct {
	Status   int    // HTTP status of the last attempt; 0 when there was no response (timeout, network)
	Attempts int    // requests sent, retries included
	Message  string // what went wrong, redacted; may quote the endpoint's message
	cause    error  // a context error when the deadline or cancellation ended the call; nil otherwise
}

// Error returns "llm endpoint: status N: message (k attempts)", without the
// API key.
func (e *EndpointError) Error() string {
	var b strings.Builder
	b.WriteString("llm endpoint")
	if e.Status != 0 {
		fmt.Fprintf(&b, ": status %d", e.Status)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	fmt.Fprintf(&b, " (%d attempt", e.Attempts)
	if e.Attempts != 1 {
		b.WriteString("s")
	}
	b.WriteString(")")
	return b.String()
}

// Is makes every EndpointError match bot.ErrLLMUnavailable.
func (e *EndpointError) Is(target error) bool { return target == bot.ErrLLMUnavailable }

// Reason returns a short, fixed sentence saying why the summary was dropped,
// fit for users: it never quotes the endpoint.
func (e *EndpointError) Reason() string {
	switch {
	case errors.Is(e.cause, context.DeadlineExceeded):
		return "the model did not answer in time"
	case e.cause != nil:
		return "the question was cancelled"
	case e.Status >= 200 && e.Status < 300:
		return "the model endpoint sent an unusable response"
	case e.Status != 0:
		return fmt.Sprintf("the model endpoint answered with status %d", e.Status)
	default:
		return "the model endpoint could not be reached"
	}
}

// Unwrap returns context.DeadlineExceeded or context.Canceled when the
// deadline or a cancellation ended the call, and nil otherwise. The
// endpoint's own error value is deliberately not kept: its text may quote
// request details.
func (e *EndpointError) Unwrap() error { return e.cause }

// endpointError turns what go-openai or the transport returned into an
// EndpointError whose text is safe to log.
func (s *Summarizer) endpointError(ctx, actx context.Context, rec *httpRecord, err error) *EndpointError {
	ee := &EndpointError{Status: rec.status}
	switch {
	case ctx.Err() != nil:
		ee.Message = "question " + ctx.Err().Error()
		ee.cause = ctx.Err()
		return ee
	case actx.Err() != nil:
		ee.Message = fmt.Sprintf("no answer within %s", s.timeout)
		ee.cause = actx.Err()
		return ee
	}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		if apiErr.HTTPStatusCode != 0 {
			ee.Status = apiErr.HTTPStatusCode
		}
		ee.Message = apiErr.Message
	case errors.As(err, &reqErr):
		if reqErr.HTTPStatusCode != 0 {
			ee.Status = reqErr.HTTPStatusCode
		}
		ee.Message = string(reqErr.Body)
		if ee.Status >= 200 && ee.Status < 300 && reqErr.Err != nil {
			ee.Message = "malformed response: " + reqErr.Err.Error()
		}
	case rec.status >= 200 && rec.status < 300:
		ee.Message = "malformed response: " + err.Error()
	default:
		ee.Message = err.Error()
	}
	ee.Message = s.redact(ee.Message)
	return ee
}

// maxLogText caps a model's error text in a log line: 200 runes and "…".
const maxLogText = 201

// redact makes text safe for a log line: no API key, no control characters,
// at most maxLogText characters.
func (s *Summarizer) redact(text string) string {
	if s.apiKey != "" {
		text = strings.ReplaceAll(text, s.apiKey, "[redacted]")
	}
	text = strings.Join(strings.Fields(grounding.StripInvisible(text)), " ")
	text = corpus.Truncate(text, maxLogText)
	if s.apiKey != "" && strings.Contains(text, s.apiKey) { // the cut or the cleaning rejoined it
		text = strings.ReplaceAll(text, s.apiKey, "[redacted]")
	}
	return text
}

func joinMessage(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
