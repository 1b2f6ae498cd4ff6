package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"newsdesk/bot"
	"newsdesk/bot/grounding"
	"newsdesk/internal/testkit"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// newFakeLLM starts an OpenAI-compatible endpoint that answers with respond
// and checks that each prompt holds passages inside its one delimited
// passage block.
func newFakeLLM(tb testing.TB, passages []bot.Citation, respond testkit.Responder) *testkit.LLM {
	tb.Helper()
	return testkit.NewLLM(tb, respond, func(user string) {
		open, end := strings.Index(user, passagesOpen), strings.LastIndex(user, passagesClose)
		if open < 0 || end < open || strings.Count(user, passagesClose) != 1 {
			tb.Errorf("user prompt has no single delimited passage block:\n%s", user)
		}
		for i, p := range passages {
			marker := fmt.Sprintf("[%d] %s", i+1, p.Title)
			if at := strings.Index(user, marker); at < open || at > end {
				tb.Errorf("passage marker %q not inside the block", marker)
			}
			text := promptText(p.Text)
			if at := strings.Index(user, text); at < open || at > end {
				tb.Errorf("passage text %q not inside the block", text)
			}
		}
	})
}

func TestSummarize(t *testing.T) {
	const good = "In 2024, allies provided over €50 billion in support [1]."
	answer := func(content string) func(http.ResponseWriter, *http.Request, int) {
		return func(w http.ResponseWriter, r *http.Request, n int) { testkit.WriteChatJSON(w, content) }
	}
	failThen := func(status int, retryAfter string, failures int, content string) func(http.ResponseWriter, *http.Request, int) {
		return func(w http.ResponseWriter, r *http.Request, n int) {
			if n <= failures {
				testkit.WriteChatError(w, status, retryAfter)
				return
			}
			testkit.WriteChatJSON(w, content)
		}
	}
	tests := []struct {
		name         string
		stream       bool
		timeout      time.Duration // Config.Timeout; 0 means 5s
		deadline     time.Duration // the question's ctx deadline; 0 means 10s
		hang         bool          // the server never answers
		respond      func(w http.ResponseWriter, r *http.Request, n int)
		wantRequests int
		wantText     string
		wantCited    []int
		wantErr      error  // bot.ErrLLMUnavailable or bot.ErrUngrounded; nil means success
		wantCheck    string // for bot.ErrUngrounded
		wantStatus   int    // for bot.ErrLLMUnavailable
		wantDeadline bool   // the error is a deadline
	}{
		{name: "good cited answer", respond: answer(good), wantRequests: 1, wantText: good, wantCited: []int{1}},
		{name: "streamed good answer", stream: true, respond: func(w http.ResponseWriter, r *http.Request, n int) { testkit.WriteChatSSE(w, good) }, wantRequests: 1, wantText: good, wantCited: []int{1}},
		{name: "marker past the passages", respond: answer("Allies gave €50 billion [9]."), wantRequests: 1, wantErr: bot.ErrUngrounded, wantCheck: grounding.CheckPassage},
		{name: "number not in the cited passage", respond: answer("Allies gave €80 billion [1]."), wantRequests: 1, wantErr: bot.ErrUngrounded, wantCheck: grounding.CheckNumber},
		{name: "refusal", respond: answer("I don't know."), wantRequests: 1, wantErr: bot.ErrUngrounded, wantCheck: grounding.CheckRefusal},
		{name: "uncited markup from the injected passage", respond: answer("Allies gave over €50 billion [1]. <!channel>"), wantRequests: 1, wantErr: bot.ErrUngrounded, wantCheck: grounding.CheckUncited},
		{name: "cited markup is plain text", respond: answer("A reader letter asks to post <!channel> [3]."), wantRequests: 1, wantText: "A reader letter asks to post <!channel> [3].", wantCited: []int{3}},
		{name: "streamed runaway answer stops at the limit", stream: true, respond: func(w http.ResponseWriter, r *http.Request, n int) {
			testkit.WriteChatSSE(w, strings.Repeat("Allies gave support [1]. ", 200))
		}, wantRequests: 1, wantErr: bot.ErrUngrounded, wantCheck: grounding.CheckLength},
		{name: "answer cut off by max_tokens", respond: func(w http.ResponseWriter, r *http.Request, n int) {
			testkit.WriteChatJSONFinish(w, "In 2024, allies provided [1].", "length")
		}, wantRequests: 1, wantErr: bot.ErrUngrounded, wantCheck: grounding.CheckLength},
		{name: "streamed answer cut off by max_tokens", stream: true, respond: func(w http.ResponseWriter, r *http.Request, n int) {
			testkit.WriteChatSSEFinish(w, "In 2024, allies provided [1].", "length")
		}, wantRequests: 1, wantErr: bot.ErrUngrounded, wantCheck: grounding.CheckLength},
		{name: "429 with Retry-After 0 then success", respond: failThen(429, "0", 1, good), wantRequests: 2, wantText: good, wantCited: []int{1}},
		{name: "429 with Retry-After 1 then success", respond: failThen(429, "1", 1, good), wantRequests: 2, wantText: good, wantCited: []int{1}},
		{name: "streamed 503 then success", stream: true, respond: func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				testkit.WriteChatError(w, 503, "")
				return
			}
			testkit.WriteChatSSE(w, good)
		}, wantRequests: 2, wantText: good, wantCited: []int{1}},
		{name: "500 three times", respond: failThen(500, "", 3, good), wantRequests: 3, wantErr: bot.ErrLLMUnavailable, wantStatus: 500},
		{name: "Retry-After past the deadline", timeout: time.Minute, deadline: 2 * time.Second, respond: failThen(429, "30", 1, good), wantRequests: 1, wantErr: bot.ErrLLMUnavailable, wantStatus: 429},
		{name: "401 is not retried", respond: failThen(401, "", 1, good), wantRequests: 1, wantErr: bot.ErrLLMUnavailable, wantStatus: 401},
		{name: "400 is not retried", respond: failThen(400, "", 1, good), wantRequests: 1, wantErr: bot.ErrLLMUnavailable, wantStatus: 400},
		{name: "403 is not retried", respond: failThen(403, "", 1, good), wantRequests: 1, wantErr: bot.ErrLLMUnavailable, wantStatus: 403},
		{name: "404 is not retried", respond: failThen(404, "", 1, good), wantRequests: 1, wantErr: bot.ErrLLMUnavailable, wantStatus: 404},
		{name: "malformed response", respond: func(w http.ResponseWriter, r *http.Request, n int) { fmt.Fprint(w, "<html>proxy</html>") }, wantRequests: 1, wantErr: bot.ErrLLMUnavailable, wantStatus: 200},
		{name: "no choices", respond: func(w http.ResponseWriter, r *http.Request, n int) { fmt.Fprint(w, `{"choices":[]}`) }, wantRequests: 1, wantErr: bot.ErrLLMUnavailable, wantStatus: 200},
		{name: "hang past the configured timeout", timeout: 200 * time.Millisecond, hang: true, wantRequests: 1, wantErr: bot.ErrLLMUnavailable, wantDeadline: true},
		{name: "hang past the question deadline", deadline: 200 * time.Millisecond, hang: true, wantRequests: 1, wantErr: bot.ErrLLMUnavailable, wantDeadline: true},
		{name: "streamed hang past the configured timeout", stream: true, timeout: 200 * time.Millisecond, hang: true, wantRequests: 1, wantErr: bot.ErrLLMUnavailable, wantDeadline: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			passages := testkit.SeedPassages()
			respond := tt.respond
			if tt.hang {
				release := make(chan struct{})
				respond = func(w http.ResponseWriter, r *http.Request, n int) {
					select {
					case <-r.Context().Done():
					case <-release:
					}
				}
				defer close(release) // runs before the server's cleanup closes it
			}
			fake := newFakeLLM(t, passages, respond)
			timeout := tt.timeout
			if timeout == 0 {
				timeout = 5 * time.Second
			}
			s := New(Config{BaseURL: fake.URL + "/v1", APIKey: testkit.LLMKey, Model: testkit.LLMModel, Timeout: timeout, Stream: tt.stream})
			s.backoff = time.Millisecond

			deadline := tt.deadline
			if deadline == 0 {
				deadline = 10 * time.Second
			}
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			defer cancel()
			sum, err := s.Summarize(ctx, "How much did allies give Ukraine in 2024?", passages)

			if got := fake.Count(); got != tt.wantRequests {
				t.Errorf("requests = %d; want %d", got, tt.wantRequests)
			}
			for i, st := range fake.Streamed() {
				if st != tt.stream {
					t.Errorf("request %d stream = %v; want %v", i+1, st, tt.stream)
				}
			}
			if err != nil {
				if reasonOf(err) == "" {
					t.Errorf("error %v has no Reason()", err)
				}
				if strings.Contains(err.Error(), testkit.LLMKey) || strings.Contains(reasonOf(err), testkit.LLMKey) {
					t.Errorf("error %q contains the API key", err)
				}
			}
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Summarize error: %v; want none", err)
				}
				if sum.Text != tt.wantText || !slices.Equal(sum.Cited, tt.wantCited) || sum.Model != testkit.LLMModel {
					t.Errorf("Summarize = %+v; want Text %q, Cited %v, Model %q", sum, tt.wantText, tt.wantCited, testkit.LLMModel)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Summarize error = %v; want errors.Is %v", err, tt.wantErr)
			}
			if sum.Text != "" {
				t.Errorf("Summarize returned text %q with error %v; want none", sum.Text, err)
			}
			var ge *grounding.Error
			if tt.wantCheck != "" && (!errors.As(err, &ge) || ge.Check != tt.wantCheck) {
				t.Errorf("Summarize error = %v; want reason %s", err, tt.wantCheck)
			}
			var ee *EndpointError
			if tt.wantStatus != 0 && (!errors.As(err, &ee) || ee.Status != tt.wantStatus || ee.Attempts != tt.wantRequests) {
				t.Errorf("Summarize error = %#v; want status %d after %d attempts", err, tt.wantStatus, tt.wantRequests)
			}
			if got := errors.Is(err, context.DeadlineExceeded); got != tt.wantDeadline {
				t.Errorf("errors.Is(%v, context.DeadlineExceeded) = %v; want %v", err, got, tt.wantDeadline)
			}
		})
	}
}

// TestSummarizeCapsOutput checks that a request caps the answer's length, so
// a model that never stops ends in seconds rather than at the timeout.
func TestSummarizeCapsOutput(t *testing.T) {
	passages := testkit.SeedPassages()
	var got []int
	fake := newFakeLLM(t, passages, func(w http.ResponseWriter, r *http.Request, n int) {
		var req struct {
			MaxTokens int `json:"max_tokens"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Errorf("decode request: %v", err)
		}
		got = append(got, req.MaxTokens)
		testkit.WriteChatJSON(w, "Allies gave over €50 billion [1].")
	})
	s := New(Config{BaseURL: fake.URL + "/v1", APIKey: testkit.LLMKey, Model: testkit.LLMModel})
	if _, err := s.Summarize(context.Background(), "How much did allies give?", passages); err != nil {
		t.Fatalf("Summarize: %v", err)
	}
	// The longest summary the grounding checks accept must fit: at least one
	// token for every two characters.
	if len(got) != 1 || got[0] < grounding.MaxSummaryLen/2 || got[0] > grounding.MaxSummaryLen {
		t.Errorf("max_tokens = %v; want one request with %d to %d", got, grounding.MaxSummaryLen/2, grounding.MaxSummaryLen)
	}
}

// reasonOf returns the user-safe reason of err, as the answer path reads it.
func reasonOf(err error) string {
	var r interface{ Reason() string }
	if errors.As(err, &r) {
		return r.Reason()
	}
	return ""
}

// TestSummarizeNoKey checks that a summarizer without a key (a local server) sends
// no Authorization header and uses the default base path.
func TestSummarizeNoKey(t *testing.T) {
	var auth []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth = append(auth, r.Header.Get("Authorization"))
		mu.Unlock()
		if r.URL.Path != "/chat/completions" {
			t.Errorf("path = %q; want /chat/completions", r.URL.Path)
		}
		testkit.WriteChatJSON(w, "Allies gave over €50 billion in 2024 [1].")
	}))
	defer srv.Close()

	s := New(Config{BaseURL: srv.URL + "/", Model: testkit.LLMModel})
	if _, err := s.Summarize(context.Background(), "How much?", testkit.SeedPassages()); err != nil {
		t.Fatalf("Summarize error: %v; want none", err)
	}
	if !slices.Equal(auth, []string{""}) {
		t.Errorf("Authorization headers = %q; want one empty", auth)
	}
}
