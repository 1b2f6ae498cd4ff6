package main

import (
	"encoding/json"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
)

// embeddingServer is an OpenAI-compatible /v1/embeddings endpoint: each word
// of a text adds to one of 32 dimensions, so texts that share words are near.
// It counts the texts it is asked to embed; with fail set it answers 500.
type embeddingServer struct {
	texts atomic.Int64
	fail  bool
}

func (s *embeddingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" {
		http.NotFound(w, r)
		return
	}
	if s.fail {
		http.Error(w, `{"error":{"message":"model not loaded"}}`, http.StatusInternalServerError)
		return
	}
	var req struct {
		Input []string `json:"input"`
		Model string   `json:"model"`
	}
	b, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(b, &req); err != nil || req.Model != "test-embed" {
		http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
		return
	}
	s.texts.Add(int64(len(req.Input)))
	type item struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float64 `json:"embedding"`
	}
	resp := struct {
		Object string `json:"object"`
		Data   []item `json:"data"`
		Model  string `json:"model"`
	}{Object: "list", Model: req.Model}
	for i, text := range req.Input {
		v := make([]float64, 32)
		for _, f := range strings.Fields(strings.ToLower(text)) {
			h := fnv.New32a()
			h.Write([]byte(strings.Trim(f, ".,?€’")))
			v[h.Sum32()%32]++
		}
		var norm float64
		for _, x := range v {
			norm += x * x
		}
		for j := range v {
			v[j] /= math.Sqrt(max(norm, 1))
		}
		resp.Data = append(resp.Data, item{Object: "embedding", Index: i, Embedding: v})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

type retrievalAnswer struct {
	Retrieval string
	Citations []jsonCitation
}

// TestAskHybridThroughEndpoint: with an embeddings endpoint configured, ask
// embeds the corpus once, answers with hybrid retrieval, and on the next run
// embeds only the question: the vectors persist in the data folder.
func TestAskHybridThroughEndpoint(t *testing.T) {
	srv := &embeddingServer{}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	env := map[string]string{
		"NEWSDESK_DATA_DIR":         t.TempDir(),
		"NEWSDESK_EMBED_URL":        ts.URL + "/v1",
		"NEWSDESK_EMBED_MODEL_NAME": "test-embed",
	}
	var embedded []int64
	for range 2 {
		before := srv.texts.Load()
		out, errs, code := runCLI(t, env, "", "ask", "--json", "How much support did allies provide Ukraine in 2024?")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var a retrievalAnswer
		if err := json.Unmarshal([]byte(out), &a); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if a.Retrieval != "hybrid" {
			t.Errorf("retrieval %q; want hybrid", a.Retrieval)
		}
		if len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Text, "€50 billion") {
			t.Errorf("citations %+v; want the €50 billion passage", a.Citations)
		}
		embedded = append(embedded, srv.texts.Load()-before)
	}
	// The first run: a probe for the dimensions, every passage, the question.
	if embedded[0] < 5 {
		t.Errorf("first run embedded %d texts; want the probe, the passages and the question", embedded[0])
	}
	if embedded[1] != 2 {
		t.Errorf("second run embedded %d texts; want 2 (the probe and the question): the passages' vectors are stored", embedded[1])
	}
}

// TestAskLexicalWhenModelFails: a model that cannot be used leaves ask
// answering lexically and saying why, while index, which promises every
// vector, fails.
func TestAskLexicalWhenModelFails(t *testing.T) {
	failing := httptest.NewServer(&embeddingServer{fail: true})
	defer failing.Close()
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"endpoint down, ask", map[string]string{"NEWSDESK_EMBED_URL": failing.URL + "/v1", "NEWSDESK_EMBED_MODEL_NAME": "test-embed"},
			[]string{"ask", "--json", "How much support did allies provide Ukraine in 2024?"}, 0, "semantic search is off"},
		{"no model folder, ask", map[string]string{"NEWSDESK_EMBED_MODEL": t.TempDir() + "/missing"},
			[]string{"ask", "--json", "How much support did allies provide Ukraine in 2024?"}, 0, "semantic search is off"},
		{"endpoint down, index", map[string]string{"NEWSDESK_EMBED_URL": failing.URL + "/v1", "NEWSDESK_EMBED_MODEL_NAME": "test-embed"},
			[]string{"index"}, 1, "semantic search is configured but cannot be used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCLI(t, tt.env, "", tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d; want %d: %s", code, tt.wantCode, errs)
			}
			if !strings.Contains(errs, tt.wantErr) {
				t.Errorf("stderr %q; want it to say %q", errs, tt.wantErr)
			}
			if tt.args[0] != "ask" {
				return
			}
			var a retrievalAnswer
			if err := json.Unmarshal([]byte(out), &a); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if a.Retrieval != "lexical" || len(a.Citations) == 0 {
				t.Errorf("retrieval %q with %d citations; want a lexical answer", a.Retrieval, len(a.Citations))
			}
		})
	}
}

// TestAskHybridRealModel runs ask with the real embedding model and ONNX
// Runtime that scripts/fetch-models fetches; .ci/run sets both.
func TestAskHybridRealModel(t *testing.T) {
	model, lib := os.Getenv("NEWSDESK_EMBED_MODEL"), os.Getenv("NEWSDESK_ONNXRUNTIME_LIB")
	if model == "" || lib == "" {
		t.Skip("NEWSDESK_EMBED_MODEL and NEWSDESK_ONNXRUNTIME_LIB are not set; export $(scripts/fetch-models .cache/models) to run this test")
	}
	env := map[string]string{"NEWSDESK_EMBED_MODEL": model, "NEWSDESK_ONNXRUNTIME_LIB": lib}
	out, errs, code := runCLI(t, env, "", "ask", "--json", "How much money did allies give Ukraine in 2024?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var a retrievalAnswer
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if a.Retrieval != "hybrid" || len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Text, "€50 billion") {
		t.Errorf("retrieval %q, citations %+v; want hybrid, citing the €50 billion passage", a.Retrieval, a.Citations)
	}
}
