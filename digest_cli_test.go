package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"newsdesk/index/bleve"
	"newsdesk/internal/testkit"
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

// quietDigestTime returns a digest time zone and time of day at which the
// daily post is hours away, so that a serve started now does not post on
// its own during the test: a zone where it is before noon, and 23:00.
func quietDigestTime(tb testing.TB) (zone, hhmm string) {
	tb.Helper()
	for off := -14; off <= 12; off++ {
		name := "Etc/GMT"
		if off != 0 {
			name = fmt.Sprintf("Etc/GMT%+d", off)
		}
		loc, err := time.LoadLocation(name)
		if err == nil && time.Now().In(loc).Hour() < 12 {
			return name, "23:00"
		}
	}
	tb.Fatal("no time zone where it is morning")
	return "", ""
}

// serveInProcess runs `newsdesk serve` in-process with env until the test
// ends, and returns once it answers /healthz (its control socket is up
// before that). Its log goes to logs.
func serveInProcess(tb testing.TB, env map[string]string, logs io.Writer) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, logs)
	}()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("serve returned %v", err)
		}
	})
	deadline := time.Now().Add(30 * time.Second) // a guard against a hang, not a speed assertion
	for {
		resp, err := http.Get("http://" + env["NEWSDESK_LISTEN_ADDR"] + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-done:
			tb.Fatalf("serve stopped: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			tb.Fatalf("serve did not come up: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// While serve holds the data folder, `digest` and `digest --post` (from
// cron) ask it through its control socket: the first post posts, the
// second says it was already posted, and serve posts nothing more itself.
// A file left at the socket's place by a serve that died does not get in
// the way, and serve removes the socket when it stops.
func TestDigestPostWhileServing(t *testing.T) {
	slackSrv := testkit.NewSlack(t)
	data := t.TempDir()
	sock := filepath.Join(data, "serve.sock")
	if err := os.WriteFile(sock, []byte("left by a serve that was killed"), 0o644); err != nil {
		t.Fatal(err)
	}
	zone, at := quietDigestTime(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN": serveToken, "SLACK_SIGNING_SECRET": serveSecret, "SLACK_API_URL": slackSrv.URL(),
		"NEWSDESK_LISTEN_ADDR": freeAddr(t), "NEWSDESK_DATA_DIR": data,
		"NEWSDESK_DIGEST_CHANNEL": "C0DIGEST", "NEWSDESK_DIGEST_TZ": zone, "NEWSDESK_DIGEST_TIME": at,
	}
	var logs bytes.Buffer
	t.Run("serve", func(t *testing.T) {
		serveInProcess(t, env, &syncWriter{w: &logs})
		if fi, err := os.Stat(sock); err != nil || fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v, %v; want a socket with mode 0600", sock, fi.Mode(), err)
		}
		steps := []struct {
			name string
			args []string
			want string
		}{
			{"preview before the post", []string{"--json"}, `"first": true`},
			{"first post", []string{"--post"}, "posted the digest for "},
			{"second post", []string{"--post"}, "was already posted to C0DIGEST"},
			{"preview of the last week", []string{"--since", "7d"}, "Ukraine signals it could set aside its NATO bid"},
		}
		for _, s := range steps {
			out, err := runDigest(t, env, s.args...)
			if err != nil || !strings.Contains(out, s.want) {
				t.Errorf("%s: digest %v = %q, %v; want %q", s.name, s.args, out, err, s.want)
			}
		}
		posts := slackSrv.Posts()
		if len(posts) != 1 || posts[0].Channel != "C0DIGEST" || !strings.Contains(posts[0].Text, "newsdesk digest ") {
			t.Errorf("posts = %+v; want one digest in C0DIGEST", posts)
		}
	})
	if _, err := os.Stat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket after serve stopped: %v; want it removed", err)
	}
	if !strings.Contains(logs.String(), `msg=settings summaries=off semantic_search=off`) {
		t.Errorf("serve's log lacks its settings line:\n%s", logs.String())
	}
}

// With the folder held and nothing answering on the socket, digest says
// both; with no socket at all (the holder is not a serve), it says who
// holds the folder, as before.
func TestDigestWhileFolderHeld(t *testing.T) {
	cases := []struct {
		name   string
		socket bool // a file at the socket's place, nothing listening
		args   []string
		want   []string
	}{
		{"socket not answering, post", true, []string{"--post"}, []string{"in use by pid", "newsdesk index", "but the control socket is not answering: ", "serve.sock: connect: connection refused"}},
		{"socket not answering, preview", true, nil, []string{"the control socket is not answering"}},
		{"no socket", false, []string{"--post"}, []string{"in use by pid", "newsdesk index"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := t.TempDir()
			held, err := bleve.Open(context.Background(), data, bleve.Options{Owner: "newsdesk index", Name: "embedded"})
			if err != nil {
				t.Fatal(err)
			}
			defer held.Close()
			if c.socket {
				if err := os.WriteFile(filepath.Join(data, "serve.sock"), nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			env := map[string]string{"NEWSDESK_DATA_DIR": data, "NEWSDESK_DIGEST_CHANNEL": "C0DIGEST", "SLACK_BOT_TOKEN": "xoxb-test"}
			_, err = runDigest(t, env, c.args...)
			if code := exitCode(err); code != 1 || err == nil {
				t.Fatalf("exit %d (%v); want 1", code, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// Indexing another corpus in the same data folder does not make the
// embedded article new again for the digest: its index, and when the
// article was first seen, are kept.
func TestDigestAfterAnotherCorpus(t *testing.T) {
	slackSrv := testkit.NewSlack(t)
	data := t.TempDir()
	env := map[string]string{"NEWSDESK_DATA_DIR": data, "NEWSDESK_DIGEST_CHANNEL": "C0DIGEST", "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slackSrv.URL()}
	if out, err := runDigest(t, env, "--post"); err != nil || !strings.Contains(out, "posted the digest") {
		t.Fatalf("digest --post = %q, %v; want it posted", out, err)
	}
	if _, errs, code := runCLI(t, map[string]string{"NEWSDESK_DATA_DIR": data}, "", "index", "testdata/articles"); code != 0 {
		t.Fatalf("index testdata/articles: exit %d: %s", code, errs)
	}
	out, err := runDigest(t, env, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Articles []struct{ Title string }
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil || len(d.Articles) != 0 {
		t.Errorf("digest after indexing another corpus = %s (%v); want no new articles", out, err)
	}
}
