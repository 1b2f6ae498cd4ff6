package slack

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"newsdesk/bot/answer"
	"newsdesk/bot/state"
	"newsdesk/internal/testkit"
)

func TestServerMentionAnsweredOnceInThread(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{}
	b := startBot(t, f, ask, nil, nil)

	postEvent(t, b, "Ev1", mention("C1", "1700.0001", "", "How much money did allies give Ukraine in 2024?"), nil)
	p := f.WaitPost(t)
	// Slack redelivers the same event when it thinks the ack was late.
	postEvent(t, b, "Ev1", mention("C1", "1700.0001", "", "How much money did allies give Ukraine in 2024?"),
		http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}})
	b.stop(t)

	if got := len(f.Posts()); got != 1 {
		t.Fatalf("got %d replies; want exactly 1", got)
	}
	if p.Channel != "C1" || p.ThreadTS != "1700.0001" {
		t.Errorf("got reply in %s thread %q; want C1 thread 1700.0001", p.Channel, p.ThreadTS)
	}
	for _, want := range []string{"€50 billion", "Allies weigh security guarantees for Ukraine", "Example News", "¶3"} {
		if !strings.Contains(p.Blocks, want) {
			t.Errorf("reply blocks lack %q:\n%s", want, p.Blocks)
		}
	}
	if p.Form.Get("unfurl_links") != "false" || p.Form.Get("unfurl_media") != "false" {
		t.Errorf("got unfurl_links=%q unfurl_media=%q; want false, false", p.Form.Get("unfurl_links"), p.Form.Get("unfurl_media"))
	}
	if !strings.Contains(p.Text, "€50 billion") {
		t.Errorf("got fallback text %q; want the answer", p.Text)
	}
	calls := ask.asked()
	if len(calls) != 1 || calls[0].Question != "How much money did allies give Ukraine in 2024?" {
		t.Errorf("got Ask calls %+v; want one with the question without the mention", calls)
	}
}

func TestServerRejectsBadRequests(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{}
	b := startBot(t, f, ask, nil, nil)
	body := eventBody("EvBad", mention("C1", "1700.0002", "", "question"))
	sign := func(ts string, body []byte) string {
		return "v0=" + hex.EncodeToString(signature(testSecret, ts, body))
	}
	now := strconv.FormatInt(time.Now().Unix(), 10)
	stale := strconv.FormatInt(time.Now().Add(-6*time.Minute).Unix(), 10)
	future := strconv.FormatInt(time.Now().Add(6*time.Minute).Unix(), 10)
	big := bytes.Repeat([]byte("x"), maxRequestBody+1)

	tests := []struct {
		name     string
		path     string
		body     []byte
		ts, sig  string
		wantCode int
	}{
		{"stale timestamp", "/slack/events", body, stale, sign(stale, body), http.StatusUnauthorized},
		{"future timestamp", "/slack/events", body, future, sign(future, body), http.StatusUnauthorized},
		{"wrong signature", "/slack/events", body, now, sign(now, []byte("other")), http.StatusUnauthorized},
		{"wrong secret", "/slack/events", body, now, "v0=" + hex.EncodeToString(signature("nope", now, body)), http.StatusUnauthorized},
		{"missing signature", "/slack/events", body, now, "", http.StatusUnauthorized},
		{"missing timestamp", "/slack/events", body, "", sign(now, body), http.StatusUnauthorized},
		{"not hex", "/slack/events", body, now, "v0=zz", http.StatusUnauthorized},
		{"oversized", "/slack/events", big, now, sign(now, big), http.StatusRequestEntityTooLarge},
		{"unsigned command", "/slack/commands", []byte("command=%2Fask&text=x&response_url=http%3A%2F%2F127.0.0.1%3A1%2F"), now, "v0=00", http.StatusUnauthorized},
		{"unsigned interaction", "/slack/interactions", []byte("payload=%7B%7D"), now, "", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, b.url+tt.path, bytes.NewReader(tt.body))
			if tt.ts != "" {
				req.Header.Set("X-Slack-Request-Timestamp", tt.ts)
			}
			if tt.sig != "" {
				req.Header.Set("X-Slack-Signature", tt.sig)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantCode {
				t.Errorf("got %d; want %d", resp.StatusCode, tt.wantCode)
			}
		})
	}
	b.stop(t)
	if got := len(f.Posts()); got != 0 {
		t.Errorf("got %d replies; want none", got)
	}
	if got := len(ask.asked()); got != 0 {
		t.Errorf("got %d questions asked; want none", got)
	}
}

func TestServerURLVerificationAndHealth(t *testing.T) {
	f := testkit.NewSlack(t)
	healthy := true
	b := startBot(t, f, &fakeAsker{}, nil, func(o *Options) {
		o.Health = func() error {
			if !healthy {
				return errBoom
			}
			return nil
		}
	})
	code, body := send(t, b.url+"/slack/events", "application/json", []byte(`{"type":"url_verification","challenge":"abc123","token":"x"}`), time.Time{}, nil)
	if code != http.StatusOK || !strings.Contains(body, `"challenge":"abc123"`) {
		t.Errorf("url_verification: got %d %q; want 200 with the challenge", code, body)
	}
	for _, tt := range []struct {
		healthy bool
		want    int
	}{{true, http.StatusOK}, {false, http.StatusServiceUnavailable}} {
		healthy = tt.healthy
		resp, err := http.Get(b.url + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("healthz while healthy=%v: got %d; want %d", tt.healthy, resp.StatusCode, tt.want)
		}
	}
	b.stop(t)
}

// unreachableState is a state store whose Queued fails while down is set,
// as a PostgreSQL server out of reach would.
type unreachableState struct {
	state.Store
	down *atomic.Bool
}

func (s unreachableState) Queued(ctx context.Context) (int, error) {
	if s.down.Load() {
		return 0, errBoom
	}
	return s.Store.Queued(ctx)
}

func TestServerReadiness(t *testing.T) {
	f := testkit.NewSlack(t)
	var indexDown, stateDown atomic.Bool
	b := startBot(t, f, &fakeAsker{}, nil, func(o *Options) {
		o.State = unreachableState{Store: o.State, down: &stateDown}
		o.Health = func() error {
			if indexDown.Load() {
				return errBoom
			}
			return nil
		}
	})
	for _, tt := range []struct {
		name                 string
		indexDown, stateDown bool
		healthz, readyz      int
		readyBody            string
	}{
		{"all up", false, false, http.StatusOK, http.StatusOK, "ready"},
		{"index rebuilding", true, false, http.StatusServiceUnavailable, http.StatusServiceUnavailable, "not ready: index"},
		{"state store unreachable", false, true, http.StatusOK, http.StatusServiceUnavailable, "not ready: state store unreachable"},
		{"up again", false, false, http.StatusOK, http.StatusOK, "ready"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			indexDown.Store(tt.indexDown)
			stateDown.Store(tt.stateDown)
			for path, want := range map[string]int{"/healthz": tt.healthz, "/readyz": tt.readyz} {
				resp, err := http.Get(b.url + path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Errorf("%s: got %d %q; want %d", path, resp.StatusCode, body, want)
				}
				if path == "/readyz" && !strings.HasPrefix(string(body), tt.readyBody) {
					t.Errorf("/readyz: got %q; want it to start %q", body, tt.readyBody)
				}
			}
		})
	}
	b.stop(t)
}

func TestServerAckDoesNotWaitForAnswer(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{hold: make(chan struct{}), started: make(chan string, 1)}
	b := startBot(t, f, ask, nil, nil)

	// postEvent returns only once the HTTP response is complete; the fake is
	// still holding the answer at that point, so the ack came first.
	postEvent(t, b, "EvAck", mention("C1", "1700.0003", "", "question?"), nil)
	<-ask.started
	if got := len(f.Posts()); got != 0 {
		t.Fatalf("got %d replies before the answer was released; want 0", got)
	}
	close(ask.hold)
	f.WaitPost(t)
	b.stop(t)
}

func TestServerShutdownDrainsAndLeavesNoGoroutine(t *testing.T) {
	f := testkit.NewSlack(t)
	before := runtime.NumGoroutine()
	hc := &http.Client{Transport: &http.Transport{}}
	ask := &fakeAsker{hold: make(chan struct{}), started: make(chan string, 1)}
	b := startBot(t, f, ask, nil, func(o *Options) { o.HTTPClient = hc })

	postEvent(t, b, "EvDrain", mention("C1", "1700.0004", "", "question?"), nil)
	<-ask.started
	b.cancel() // shutdown begins while the answer is in flight
	close(ask.hold)
	select {
	case err := <-b.done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		b.done <- nil
	case <-time.After(waitLimit):
		t.Fatal("Run did not return")
	}
	if got := len(f.Posts()); got != 1 {
		t.Errorf("got %d replies; want the in-flight answer posted during the drain", got)
	}
	hc.CloseIdleConnections()
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(waitLimit)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := runtime.NumGoroutine(); got > before {
		buf := make([]byte, 1<<16)
		t.Errorf("got %d goroutines after Run; want at most %d as before:\n%s", got, before, buf[:runtime.Stack(buf, true)])
	}
}

func TestServerDrainTimeoutCancelsAnswers(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{hold: make(chan struct{}), started: make(chan string, 1)} // never released
	b := startBot(t, f, ask, nil, func(o *Options) { o.DrainTimeout = time.Millisecond })
	postEvent(t, b, "EvStuck", mention("C1", "1700.0005", "", "question?"), nil)
	<-ask.started
	b.stop(t) // returns although the fake never answers: its ctx is cancelled
}

func TestServerListenError(t *testing.T) {
	f := testkit.NewSlack(t)
	b, err := New(context.Background(), Options{
		BotToken: testBotToken, SigningSecret: testSecret, APIURL: f.URL(),
		ListenAddr: "256.0.0.1:99999", State: newState(t),
	}, &fakeAsker{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(context.Background()); err == nil {
		t.Errorf("Run on an invalid address: got nil; want an error")
	}
}

func FuzzServerVerifySignature(f *testing.F) {
	f.Add([]byte(`{"type":"event_callback"}`), "1700000000", "v0=abc")
	f.Add([]byte(""), "", "")
	f.Add([]byte("x"), "-1", "v0=")
	now := time.Unix(1700000000, 0)
	f.Fuzz(func(t *testing.T, body []byte, ts, sig string) {
		h := http.Header{}
		h.Set("X-Slack-Request-Timestamp", ts)
		h.Set("X-Slack-Signature", sig)
		_ = verifySignature(h, body, testSecret, now) // must not panic
		good := "v0=" + hex.EncodeToString(signature(testSecret, "1700000000", body))
		h.Set("X-Slack-Request-Timestamp", "1700000000")
		h.Set("X-Slack-Signature", good)
		if err := verifySignature(h, body, testSecret, now); err != nil {
			t.Errorf("valid signature rejected: %v", err)
		}
		if !strings.EqualFold(sig, good) {
			h.Set("X-Slack-Signature", sig)
			if verifySignature(h, body, testSecret, now) == nil {
				t.Errorf("forged signature %q accepted", sig)
			}
		}
	})
}

// TestServerSeedQuestionEndToEnd is the "done when": a signed
// app_mention about the embedded article is answered once, in thread, with
// the €50 billion passage cited, by the real answerer over a real index.
func TestServerSeedQuestionEndToEnd(t *testing.T) {
	ans := answer.New(testkit.SeedIndex(t), nil, nil)

	f := testkit.NewSlack(t)
	b := startBot(t, f, ans, ans, nil)
	q := "How much money did allies give Ukraine in 2024?"
	postEvent(t, b, "EvSeed", mention("C1", "1700.0900", "", q), nil)
	p := f.WaitPost(t)
	postEvent(t, b, "EvSeed", mention("C1", "1700.0900", "", q), http.Header{"X-Slack-Retry-Num": {"1"}})
	b.stop(t)
	if got := len(f.Posts()); got != 1 {
		t.Errorf("got %d replies; want 1", got)
	}
	if p.ThreadTS != "1700.0900" || !strings.Contains(p.Blocks, "€50 billion") {
		t.Errorf("got reply in thread %q:\n%s\nwant the €50 billion passage in thread 1700.0900", p.ThreadTS, p.Blocks)
	}
}
