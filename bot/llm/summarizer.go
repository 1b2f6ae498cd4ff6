package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk/bot"
	"newsdesk/bot/grounding"
	"newsdesk/internal/wait"

	openai "github.com/sashabaranov/go-openai"
)

// Summarizer writes grounded summaries through an OpenAI-compatible
// chat-completions endpoint. It implements bot.Summarizer and is safe for
// concurrent use.
type Summarizer struct {
	client     *openai.Client
	model      string
	apiKey     string // only to redact it from error texts
	timeout    time.Duration
	maxRetries int
	stream     bool
	backoff    time.Duration // first wait when a retryable response has no Retry-After; doubles each retry
	log        *slog.Logger
}

// New returns a Summarizer that calls the endpoint described by cfg. It
// makes no request; a bad endpoint shows up as an EndpointError from
// Summarize.
func New(cfg Config) *Summarizer {
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		hc = &c
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = recordingTransport{base: base}

	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	oc.HTTPClient = hc

	s := &Summarizer{
		client:     openai.NewClientWithConfig(oc),
		model:      cfg.Model,
		apiKey:     cfg.APIKey,
		timeout:    cfg.Timeout,
		maxRetries: cfg.MaxRetries,
		stream:     cfg.Stream,
		backoff:    defaultBackoff,
		log:        cfg.Logger,
	}
	if s.model == "" {
		s.model = DefaultModel
	}
	if s.timeout <= 0 {
		s.timeout = defaultTimeout
	}
	switch {
	case s.maxRetries == 0:
		s.maxRetries = defaultMaxRetries
	case s.maxRetries < 0:
		s.maxRetries = 0
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// Model returns the name of the model the summarizer asks.
func (s *Summarizer) Model() string { return s.model }

// Summarize asks the model to answer question from passages and returns the
// answer only if it passes the grounding checks (see grounding.Check).
//
// Each request gets at most the configured timeout and never outlives ctx.
// Responses 429 and 5xx are retried at most MaxRetries times, waiting as
// Retry-After says (or 0.5s, 1s, …) but giving up at once when the wait would
// pass ctx's deadline or the per-request timeout; 4xx and network errors are
// not retried.
//
// The error is an *EndpointError (errors.Is bot.ErrLLMUnavailable) when the
// endpoint gave no usable text, and a *grounding.Error (errors.Is
// bot.ErrUngrounded) when the text failed a check. Neither contains the API key.
// Summarize does not log the error; the caller does, once.
func (s *Summarizer) Summarize(ctx context.Context, question string, passages []bot.Citation) (bot.Summary, error) {
	if len(passages) == 0 {
		return bot.Summary{}, &grounding.Error{Check: grounding.CheckPassages}
	}
	system, user := prompt(question, passages)
	req := openai.ChatCompletionRequest{
		Model: s.model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
	}
	if !reasoningModel(s.model) {
		// Reasoning models reject any temperature but the default, and
		// their hidden reasoning counts against max_tokens.
		req.Temperature = 0.1
		req.MaxTokens = maxSummaryTokens
	}

	text, err := s.complete(ctx, req)
	if err != nil {
		return bot.Summary{}, err
	}
	checked, cited, err := grounding.Check(text, groundingPassages(passages))
	if err != nil {
		var ge *grounding.Error
		if errors.As(err, &ge) {
			ge.Detail = s.redact(ge.Detail)
		}
		return bot.Summary{}, err
	}
	return bot.Summary{Text: checked, Cited: cited, Model: s.model}, nil
}

// groundingPassages is what the grounding checks read of each passage.
func groundingPassages(cs []bot.Citation) []grounding.Passage {
	ps := make([]grounding.Passage, len(cs))
	for i, c := range cs {
		ps[i] = grounding.Passage{Title: c.Title, Published: c.Published, Text: c.Text}
	}
	return ps
}

// complete sends req, retrying as Summarize documents, and returns the raw
// answer text.
func (s *Summarizer) complete(ctx context.Context, req openai.ChatCompletionRequest) (string, error) {
	for attempt := 1; ; attempt++ {
		text, rec, err := s.once(ctx, req)
		if err == nil {
			return text, nil
		}
		var ee *EndpointError
		if !errors.As(err, &ee) {
			return "", err // a grounding error from the stream: retrying will not help
		}
		ee.Attempts = attempt
		if !retryableStatus(ee.Status) || attempt > s.maxRetries {
			return "", ee
		}
		pause, ok := wait.RetryAfter(rec.retryAfter, time.Now())
		if !ok {
			pause = s.backoff << (attempt - 1)
		}
		if pause > s.timeout {
			ee.Message = joinMessage(ee.Message, fmt.Sprintf("retry after %s is too long", pause))
			return "", ee
		}
		if dl, has := ctx.Deadline(); has && time.Now().Add(pause).After(dl) {
			ee.Message = joinMessage(ee.Message, fmt.Sprintf("retry after %s would pass the deadline", pause))
			return "", ee
		}
		s.log.DebugContext(ctx, "llm retry", "status", ee.Status, "wait", pause, "attempt", attempt+1)
		if err := wait.Sleep(ctx, pause); err != nil {
			return "", &EndpointError{Status: ee.Status, Attempts: attempt, Message: "gave up waiting to retry: " + err.Error(), cause: err}
		}
	}
}

// once sends one request under the per-request timeout. Its error is an
// *EndpointError without Attempts, or a *grounding.Error from the stream.
func (s *Summarizer) once(ctx context.Context, req openai.ChatCompletionRequest) (string, *httpRecord, error) {
	rec := &httpRecord{}
	actx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	actx = context.WithValue(actx, httpRecordKey{}, rec)

	var text string
	var err error
	if s.stream {
		text, err = s.readStream(actx, req)
	} else {
		var resp openai.ChatCompletionResponse
		resp, err = s.client.CreateChatCompletion(actx, req)
		if err == nil {
			if len(resp.Choices) == 0 {
				return "", rec, &EndpointError{Status: rec.status, Message: "response has no choices"}
			}
			text = resp.Choices[0].Message.Content
			if resp.Choices[0].FinishReason == openai.FinishReasonLength {
				// Cut off by max_tokens: the end of the answer is missing,
				// and what is there may end mid-sentence.
				return "", rec, &grounding.Error{Check: grounding.CheckLength, Detail: "cut off by the server's length limit"}
			}
		}
	}
	if err == nil {
		return text, rec, nil
	}
	var ge *grounding.Error
	if errors.As(err, &ge) {
		return "", rec, ge
	}
	return "", rec, s.endpointError(ctx, actx, rec, err)
}

// readStream reads a streamed answer, stopping as soon as it is longer than
// the length limit: such an answer would be dropped anyway.
func (s *Summarizer) readStream(ctx context.Context, req openai.ChatCompletionRequest) (string, error) {
	stream, err := s.client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", err
	}
	defer stream.Close()
	var b strings.Builder
	n := 0
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		if len(resp.Choices) == 0 {
			continue
		}
		if resp.Choices[0].FinishReason == openai.FinishReasonLength {
			return "", &grounding.Error{Check: grounding.CheckLength, Detail: "stream cut off by the server's length limit"}
		}
		d := resp.Choices[0].Delta.Content
		b.WriteString(d)
		n += utf8.RuneCountInString(grounding.StripInvisible(d))
		if n > grounding.MaxSummaryLen {
			return "", &grounding.Error{Check: grounding.CheckLength, Detail: fmt.Sprintf("stream stopped after %d characters; limit %d", n, grounding.MaxSummaryLen)}
		}
	}
}

// reasoningModel reports whether model is one of OpenAI's reasoning models,
// which accept only the default sampling settings.
func reasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5", "gpt-6"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}
