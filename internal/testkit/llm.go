package testkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// LLMKey is the API key tests configure for the fake endpoint. It is
// distinctive so a test can check that no error text or log line holds it.
const LLMKey = "sk-test-NEWSDESK-7f3a9c-DO-NOT-LEAK"

// LLMModel is the model tests configure and the fake endpoint expects.
const LLMModel = "test-model-1"

// Responder answers the n-th request (1-based) to the fake endpoint. It may
// read r.Body again.
type Responder func(w http.ResponseWriter, r *http.Request, n int)

// LLM is an OpenAI-compatible chat-completions server on httptest. Every
// request must be POST /v1/chat/completions with the Bearer LLMKey, model
// LLMModel and a system and a user message; a request that is not fails the
// test. The server is closed when the test ends.
type LLM struct {
	URL string // the server's base URL; the endpoint's base path is URL + "/v1"

	tb      testing.TB
	respond Responder
	user    func(prompt string) // checks the user message; may be nil

	mu       sync.Mutex
	requests int
	streamed []bool
}

// NewLLM starts a fake endpoint that answers with respond. checkUser, when
// not nil, is called with the user message of every request, to check the
// prompt.
func NewLLM(tb testing.TB, respond Responder, checkUser func(prompt string)) *LLM {
	tb.Helper()
	f := &LLM{tb: tb, respond: respond, user: checkUser}
	srv := httptest.NewServer(f)
	tb.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// ServeHTTP checks the request and answers with the Responder.
func (f *LLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests++
	n := f.requests
	f.mu.Unlock()

	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		f.tb.Errorf("request %s %s; want POST /v1/chat/completions", r.Method, r.URL.Path)
	}
	if got, want := r.Header.Get("Authorization"), "Bearer "+LLMKey; got != want {
		f.tb.Errorf("Authorization = %q; want %q", got, want)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.tb.Errorf("read request body: %v", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body)) // respond may read it too
	var req struct {
		Model    string `json:"model"`
		Stream   bool   `json:"stream"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		f.tb.Errorf("decode request body: %v", err)
	}
	f.mu.Lock()
	f.streamed = append(f.streamed, req.Stream)
	f.mu.Unlock()
	if req.Model != LLMModel {
		f.tb.Errorf("model = %q; want %q", req.Model, LLMModel)
	}
	if len(req.Messages) != 2 || req.Messages[0].Role != "system" || req.Messages[1].Role != "user" {
		f.tb.Errorf("messages = %+v; want a system and a user message", req.Messages)
	} else if f.user != nil {
		f.user(req.Messages[1].Content)
	}
	f.respond(w, r, n)
}

// Count returns how many requests the server has had.
func (f *LLM) Count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// Streamed returns, for each request so far, whether it asked for a stream.
func (f *LLM) Streamed() []bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bool(nil), f.streamed...)
}

// WriteChatJSON answers with a non-streamed chat completion of content.
func WriteChatJSON(w http.ResponseWriter, content string) {
	WriteChatJSONFinish(w, content, "stop")
}

// WriteChatJSONFinish answers with a non-streamed chat completion of content
// that ended for finish ("stop", or "length" when max_tokens cut it off).
func WriteChatJSONFinish(w http.ResponseWriter, content, finish string) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": LLMModel,
		"choices": []map[string]any{{
			"index": 0, "finish_reason": finish,
			"message": map[string]any{"role": "assistant", "content": content},
		}},
	})
}

// WriteChatSSE answers with a streamed chat completion of content, a few
// characters an event.
func WriteChatSSE(w http.ResponseWriter, content string) {
	WriteChatSSEFinish(w, content, "stop")
}

// WriteChatSSEFinish is WriteChatSSE with the stream's last event giving
// finish as the reason it ended.
func WriteChatSSEFinish(w http.ResponseWriter, content, finish string) {
	w.Header().Set("Content-Type", "text/event-stream")
	fl, _ := w.(http.Flusher)
	event := func(delta map[string]any, finish any) {
		b, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": LLMModel,
			"choices": []map[string]any{{"index": 0, "delta": delta, "finish_reason": finish}},
		})
		fmt.Fprintf(w, "data: %s\n\n", b)
		if fl != nil {
			fl.Flush()
		}
	}
	event(map[string]any{"role": "assistant", "content": ""}, nil)
	r := []rune(content)
	for i := 0; i < len(r); i += 7 {
		event(map[string]any{"content": string(r[i:min(i+7, len(r))])}, nil)
	}
	event(map[string]any{}, finish)
	fmt.Fprint(w, "data: [DONE]\n\n")
}

// WriteChatError answers with an OpenAI-style error with status, and the
// Retry-After header when retryAfter is not empty. Its message quotes
// LLMKey, as some endpoints do.
func WriteChatError(w http.ResponseWriter, status int, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":{"message":"request with key %s failed","type":"test_error","code":%d}}`, LLMKey, status)
}
