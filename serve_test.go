package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
)

const (
	serveSecret = "main-test-signing-secret"
	serveToken  = "xoxb-main-test-token"
)

// freeAddr returns a loopback address that was free a moment ago.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// signedRequest is a POST of body to url signed with serveSecret, as Slack
// signs its requests.
func signedRequest(url, body string) (*http.Request, error) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(serveSecret))
	fmt.Fprintf(mac, "v0:%s:%s", ts, body)
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return req, nil
}

func signedPost(tb testing.TB, url, body string, header http.Header) *http.Response {
	tb.Helper()
	req, err := signedRequest(url, body)
	if err != nil {
		tb.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// TestServeAnswersMention runs `newsdesk serve` against a fake Slack and
// checks the acceptance case: a signed app_mention is answered once,
// in its thread, citing the €50 billion passage, also when Slack retries it.
func TestServeAnswersMention(t *testing.T) {
	var (
		mu    sync.Mutex
		posts []string
		got   = make(chan string, 8)
	)
	slackSrv := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprint(w, `{"ok":true,"team":"Test","user":"newsdesk","team_id":"T1","user_id":"UBOT","bot_id":"BBOT"}`)
		})
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			r.ParseForm()
			post := "thread=" + r.PostForm.Get("thread_ts") + " " + r.PostForm.Get("blocks")
			mu.Lock()
			posts = append(posts, post)
			mu.Unlock()
			got <- post
			fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.000100"}`, r.PostForm.Get("channel"))
		})
		for _, m := range []string{"/reactions.add", "/reactions.remove", "/chat.update"} {
			c.Handle(m, func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, `{"ok":true}`) })
		}
	})
	slackSrv.Start()
	defer slackSrv.Stop()

	addr := freeAddr(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN": serveToken, "SLACK_SIGNING_SECRET": serveSecret,
		"SLACK_API_URL": slackSrv.GetAPIURL(), "NEWSDESK_LISTEN_ADDR": addr,
		"NEWSDESK_DATA_DIR": t.TempDir(),
	}
	ctx, cancel := context.WithCancel(context.Background())
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &syncWriter{w: &logs})
	}()

	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second) // a guard against a hang, not a speed assertion
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil && resp.StatusCode == http.StatusOK {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not come up: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}

	event := `{"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":"Ev1","event_time":1700000000,
	  "event":{"type":"app_mention","user":"U1","channel":"C1","ts":"1700000000.000900","text":"<@UBOT> How much money did allies give Ukraine in 2024?"}}`
	if resp := signedPost(t, base+"/slack/events", event, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("event: status %d; want 200", resp.StatusCode)
	}
	var reply string
	select {
	case reply = <-got:
	case <-time.After(30 * time.Second):
		t.Fatal("no reply posted")
	}
	if resp := signedPost(t, base+"/slack/events", event, http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("retried event: status %d; want 200", resp.StatusCode)
	}
	bad := signedPost(t, base+"/slack/events", event, http.Header{"X-Slack-Signature": {"v0=00"}})
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v", err)
	}

	if bad.StatusCode != http.StatusUnauthorized {
		t.Errorf("bad signature: status %d; want 401", bad.StatusCode)
	}
	if !strings.HasPrefix(reply, "thread=1700000000.000900 ") || !strings.Contains(reply, "over €50 billion") {
		t.Errorf("reply = %.300s; want it in the question's thread citing over €50 billion", reply)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(posts) != 1 {
		t.Errorf("got %d posts; want exactly 1", len(posts))
	}
	if strings.Contains(logs.String(), serveToken) || strings.Contains(logs.String(), serveSecret) {
		t.Error("a secret reached the logs")
	}
}

func TestServeConfigErrors(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no bot token", map[string]string{"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN is not set"},
		{"wrong bot token", map[string]string{"SLACK_BOT_TOKEN": "xoxp-user-token-secret", "SLACK_SIGNING_SECRET": "s"}, "should start with xoxb-"},
		{"wrong app token", map[string]string{"SLACK_BOT_TOKEN": serveToken, "SLACK_APP_TOKEN": "xoxb-not-an-app-token"}, "SLACK_APP_TOKEN"},
		{"no signing secret", map[string]string{"SLACK_BOT_TOKEN": serveToken}, "SLACK_SIGNING_SECRET is not set"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runCLI(t, c.env, "", "serve")
			if code != 2 || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 (a setting is wrong) mentioning %q", code, errs, c.want)
			}
			for _, v := range c.env {
				if len(v) > 2 && strings.Contains(errs, v) {
					t.Errorf("stderr %q shows the value %q", errs, v)
				}
			}
		})
	}
}

// syncWriter serializes writes from the server's goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
