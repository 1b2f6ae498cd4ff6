package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack/slacktest"
)

// runDigest runs `newsdesk digest args…` with env and returns stdout and
// the error.
func runDigest(tb testing.TB, env map[string]string, args ...string) (string, error) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append([]string{"digest"}, args...), func(k string) string { return env[k] },
		strings.NewReader(""), &stdout, &stderr)
	if err != nil {
		tb.Logf("stderr: %s", stderr.String())
	}
	return stdout.String(), err
}

func TestDigestJSONEmbeddedArticle(t *testing.T) {
	env := map[string]string{"NEWSDESK_DATA_DIR": t.TempDir()}
	out, err := runDigest(t, env, "--json")
	if err != nil {
		t.Fatalf("digest --json: %v", err)
	}
	var d struct {
		Articles []struct {
			Title       string   `json:"title"`
			ExtractKind string   `json:"extract_kind"`
			Extract     []string `json:"extract"`
			Figures     []struct {
				Text string `json:"text"`
			} `json:"figures"`
		} `json:"articles"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("decode %q: %v", out, err)
	}
	if len(d.Articles) != 1 {
		t.Fatalf("articles = %d; want the embedded article", len(d.Articles))
	}
	a := d.Articles[0]
	if a.ExtractKind != "highlights" || len(a.Extract) == 0 || !strings.Contains(a.Extract[0], "Zelenskyy") {
		t.Errorf("extract = %s %q; want the Story Highlights", a.ExtractKind, a.Extract)
	}
	var figs []string
	for _, f := range a.Figures {
		figs = append(figs, f.Text)
	}
	if want := []string{"over €50 billion", "nearly 60 percent", "€35 billion"}; !slices.Equal(figs, want) {
		t.Errorf("figures = %q; want %q", figs, want)
	}
}

func TestDigestPostTwicePostsOnce(t *testing.T) {
	var mu sync.Mutex
	var posts []string
	srv := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			mu.Lock()
			posts = append(posts, r.Form.Get("channel")+" "+r.Form.Get("text"))
			mu.Unlock()
			_, _ = w.Write([]byte(`{"ok":true,"channel":"C0DIGEST","ts":"1700000000.000100"}`))
		})
	})
	srv.Start()
	defer srv.Stop()
	env := map[string]string{
		"NEWSDESK_DATA_DIR":       t.TempDir(),
		"NEWSDESK_DIGEST_CHANNEL": "C0DIGEST",
		"SLACK_BOT_TOKEN":         "xoxb-test",
		"SLACK_API_URL":           srv.GetAPIURL(),
	}
	runs := []struct {
		name string
		want string
	}{
		{name: "first run posts", want: "posted the digest"},
		{name: "second run finds it posted", want: "already posted"},
	}
	for _, r := range runs {
		out, err := runDigest(t, env, "--post")
		if err != nil {
			t.Fatalf("%s: digest --post: %v", r.name, err)
		}
		if !strings.Contains(out, r.want) {
			t.Errorf("%s: output %q; want it to say %q", r.name, out, r.want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(posts) != 1 || !strings.HasPrefix(posts[0], "C0DIGEST newsdesk digest ") {
		t.Errorf("posts = %q; want one digest in C0DIGEST", posts)
	}
}

func TestDigestPostUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
	}{
		{name: "no channel", env: map[string]string{"SLACK_BOT_TOKEN": "xoxb-test"}, args: []string{"--post"}},
		{name: "no token", env: map[string]string{"NEWSDESK_DIGEST_CHANNEL": "C1"}, args: []string{"--post"}},
		{name: "since with post", env: map[string]string{"NEWSDESK_DIGEST_CHANNEL": "C1", "SLACK_BOT_TOKEN": "xoxb-test"},
			args: []string{"--post", "--since", "24h"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["NEWSDESK_DATA_DIR"] = t.TempDir()
			_, err := runDigest(t, tt.env, tt.args...)
			if code := exitCode(err); code != 2 {
				t.Errorf("exit code = %d (err %v); want 2", code, err)
			}
		})
	}
}
