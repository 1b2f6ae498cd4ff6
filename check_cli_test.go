package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"newsdesk/bot/state/postgres/pgtest"
	"newsdesk/internal/testkit"
)

const checkKey = "sk-check-secret"

// openAIServer is an OpenAI-compatible endpoint that takes only checkKey:
// GET /v1/models lists models; other requests go to next. With status set
// it answers everything with that status instead.
func openAIServer(tb testing.TB, status int, models []string, next http.Handler) string {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status != 0 || r.Header.Get("Authorization") != "Bearer "+checkKey {
			http.Error(w, `{"error":{"message":"Incorrect API key provided"}}`, max(status, http.StatusUnauthorized))
			return
		}
		if r.URL.Path == "/v1/models" {
			ids := make([]string, len(models))
			for i, m := range models {
				ids[i] = fmt.Sprintf(`{"id":%q,"object":"model"}`, m)
			}
			fmt.Fprintf(w, `{"object":"list","data":[%s]}`, strings.Join(ids, ","))
			return
		}
		next.ServeHTTP(w, r)
	}))
	tb.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

// serve --check signs in to Slack and asks the model and embedding
// endpoints, when configured, whether they answer and take the key,
// telling a network failure from a refused key.
func TestServeCheckEndpoints(t *testing.T) {
	slackSrv := testkit.NewSlack(t)
	good := openAIServer(t, 0, []string{"m", "test-embed"}, &embeddingServer{})
	refusing := openAIServer(t, http.StatusUnauthorized, nil, nil)
	closed := "http://" + freeAddr(t) + "/v1"
	host := func(u string) string { return strings.TrimSuffix(strings.TrimPrefix(u, "http://"), "/v1") }
	llm := func(base string) map[string]string {
		return map[string]string{"OPENAI_BASE_URL": base, "OPENAI_MODEL": "m", "OPENAI_API_KEY": checkKey}
	}
	embed := func(base string) map[string]string {
		return map[string]string{"NEWSDESK_EMBED_URL": base, "NEWSDESK_EMBED_MODEL_NAME": "test-embed", "NEWSDESK_EMBED_API_KEY": checkKey}
	}
	cases := []struct {
		name string
		env  map[string]string
		code int
		want []string
	}{
		{"nothing but Slack", nil, 0, []string{"ok: signed in to Test Team as newsdesk", "off: summaries", "off: semantic search", "ok: state: "}},
		{"state database unreachable", map[string]string{"NEWSDESK_STATE_URL": "postgres://newsdesk:" + checkKey + "@" + freeAddr(t) + "/newsdesk"}, 1,
			[]string{"FAIL: state: state database newsdesk@127.0.0.1:", "connection refused"}},
		{"model answers", llm(good), 0, []string{"ok: summaries: model m at " + host(good) + " answers and accepts the key\n"}},
		{"model not listed", map[string]string{"OPENAI_BASE_URL": good, "OPENAI_MODEL": "other", "OPENAI_API_KEY": checkKey}, 0, []string{"other is not among the 2 models it lists"}},
		{"model rejects the key", llm(refusing), 1, []string{"FAIL: summaries: " + refusing + " rejected the key (401)", "off: semantic search"}},
		{"model unreachable", llm(closed), 1, []string{"FAIL: summaries: cannot reach " + closed + ": ", "connection refused"}},
		{"embeddings answer", embed(good), 0, []string{"off: summaries", "ok: semantic search: model test-embed at " + host(good) + " answers, accepts the key and embeds (32 dimensions)"}},
		{"embeddings reject the key", embed(refusing), 1, []string{"FAIL: semantic search: " + refusing + " rejected the key (401)"}},
		{"embeddings unreachable", embed(closed), 1, []string{"FAIL: semantic search: cannot reach " + closed}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{"SLACK_BOT_TOKEN": serveToken, "SLACK_SIGNING_SECRET": serveSecret, "SLACK_API_URL": slackSrv.URL()}
			for k, v := range c.env {
				env[k] = v
			}
			out, errs, code := runCLI(t, env, "", "serve", "--check")
			if code != c.code {
				t.Errorf("exit %d; want %d (stdout %q, stderr %q)", code, c.code, out, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout %q lacks %q", out, w)
				}
			}
			if c.code != 0 && !strings.Contains(errs, "checks failed") {
				t.Errorf("stderr %q; want it to say checks failed", errs)
			}
			if strings.Contains(out+errs, checkKey) {
				t.Error("the key reached the output")
			}
		})
	}
}

// serve --check connects to the PostgreSQL state database and says what
// it found there, changing nothing.
func TestServeCheckState(t *testing.T) {
	url := pgtest.URL(t)
	slackSrv := testkit.NewSlack(t)
	env := map[string]string{"SLACK_BOT_TOKEN": serveToken, "SLACK_SIGNING_SECRET": serveSecret, "SLACK_API_URL": slackSrv.URL(), "NEWSDESK_STATE_URL": url}
	const want = "no newsdesk tables yet (serve creates them)"
	for range 2 { // the second finds what the first did: nothing created
		out, errs, code := runCLI(t, env, "", "serve", "--check")
		if code != 0 || !strings.Contains(out, "ok: state: PostgreSQL postgres@") || !strings.Contains(out, want) {
			t.Errorf("exit %d, stdout %q, stderr %q; want 0 and a state line with %q", code, out, errs, want)
		}
	}
}

// ask logs one line at start saying what is on and where it points.
func TestAskLogsSettings(t *testing.T) {
	srv := fakeLLM(t, "Allies provided over €50 billion in 2024 [1].")
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"nothing configured", nil, nil, `msg=settings summaries=off semantic_search=off corpus="the embedded article"`},
		{"a model", map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_MODEL": "m"}, nil, `summaries="model m at ` + strings.TrimPrefix(srv.URL, "http://") + `"`},
		{"--no-llm", map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1"}, []string{"--no-llm"}, `summaries="off (--no-llm)"`},
		{"a corpus folder", map[string]string{"NEWSDESK_CORPUS_DIR": "testdata/articles"}, nil, "corpus=testdata/articles"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"ask"}, c.args...)
			_, errs, code := runCLI(t, c.env, "", append(args, "How much did allies give Ukraine in 2024?")...)
			if code != 0 || strings.Count(errs, "msg=settings") != 1 || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 0 and one settings line with %q", code, errs, c.want)
			}
		})
	}
}
