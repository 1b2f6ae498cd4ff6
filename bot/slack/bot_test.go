package slack

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"newsdesk/bot"
	"newsdesk/bot/state"
	stateBolt "newsdesk/bot/state/bolt"
	"newsdesk/internal/testkit"
)

const (
	testBotToken = "xoxb-test-token-value"
	testAppToken = "xapp-test-token-value"
	testSecret   = "test-signing-secret-value"
	testBotUser  = testkit.SlackBotUser
	waitLimit    = 10 * time.Second // guards against a hang; never an assertion on speed
)

// fakeAsker answers from a function, optionally holding each call until
// released.
type fakeAsker struct {
	answer  func(q string, opts bot.AskOptions) (bot.Answer, error)
	hold    chan struct{} // non-nil: Ask waits for a value (or ctx)
	started chan string   // receives each question as Ask starts

	mu    sync.Mutex
	calls []askCall
}

type askCall struct {
	Question string
	Opts     bot.AskOptions
}

func (a *fakeAsker) Ask(ctx context.Context, q string, opts bot.AskOptions) (bot.Answer, error) {
	a.mu.Lock()
	a.calls = append(a.calls, askCall{q, opts})
	a.mu.Unlock()
	if a.started != nil {
		a.started <- q
	}
	if a.hold != nil {
		select {
		case <-a.hold:
		case <-ctx.Done():
			return bot.Answer{}, ctx.Err()
		}
	}
	if a.answer != nil {
		return a.answer(q, opts)
	}
	return aidAnswer(q), nil
}

func (a *fakeAsker) asked() []askCall {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]askCall(nil), a.calls...)
}

var aidCitation = bot.Citation{
	ArticleID: "ukraine-nato-security-guarantees",
	Title:     "Allies weigh security guarantees for Ukraine",
	Source:    "Example News",
	URL:       "https://news.example.com/ukraine-guarantees?a=1&b=2",
	PassageID: "ukraine-nato-security-guarantees#p3",
	Locator:   "¶3",
	Text:      "Allies gave Ukraine over €50 billion in military support in 2024, nearly 60 percent of it from European countries.",
	Score:     3.2,
}

func aidAnswer(q string) bot.Answer {
	return bot.Answer{
		Question:  q,
		Mode:      bot.Extractive,
		Answer:    "Allies gave Ukraine over €50 billion in military support in 2024.",
		Citations: []bot.Citation{aidCitation},
	}
}

// newState is an empty state store in a temporary folder.
func newState(tb testing.TB) state.Store {
	tb.Helper()
	return openState(tb, tb.TempDir())
}

// openState opens the state store in dir.
func openState(tb testing.TB, dir string) state.Store {
	tb.Helper()
	st, err := stateBolt.Open(dir, stateBolt.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// closeState closes a store openState opened, as a process that stops does.
func closeState(tb testing.TB, st state.Store) {
	tb.Helper()
	if err := st.(*stateBolt.Store).Close(); err != nil {
		tb.Fatal(err)
	}
}

// testBot is a running Bot in HTTP mode.
type testBot struct {
	*Bot
	url    string
	cancel context.CancelFunc
	done   chan error
	logs   *syncBuffer
}

// stop cancels the bot and waits for Run to return: after it every answer
// in flight has been posted.
func (tb *testBot) stop(t testing.TB) {
	t.Helper()
	tb.cancel()
	select {
	case err := <-tb.done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
		tb.done <- nil // let a second stop (Cleanup) return
	case <-time.After(waitLimit):
		t.Fatalf("Run did not return within %s", waitLimit)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newTestLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// startBot runs a bot against f on a free port; edit adjusts the options.
func startBot(t testing.TB, f *testkit.Slack, ask Asker, figs FigureFinder, edit func(*Options)) *testBot {
	t.Helper()
	return startTuned(t, f, ask, figs, edit, nil)
}

// startTuned is startBot with tune adjusting the bot after New, before Run.
func startTuned(t testing.TB, f *testkit.Slack, ask Asker, figs FigureFinder, edit func(*Options), tune func(*Bot)) *testBot {
	t.Helper()
	logs := &syncBuffer{}
	ready := make(chan string, 1)
	opts := Options{
		BotToken:      testBotToken,
		SigningSecret: testSecret,
		APIURL:        f.URL(),
		ListenAddr:    "127.0.0.1:0",
		State:         newState(t),
		Workers:       2,
		Queue:         4,
		Logger:        newTestLogger(logs),
		Ready:         func(addr string) { ready <- addr },
	}
	if edit != nil {
		edit(&opts)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b, err := New(ctx, opts, ask, figs)
	if err != nil {
		cancel()
		t.Fatalf("New: %v", err)
	}
	b.client.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	if tune != nil {
		tune(b)
	}
	tb := &testBot{Bot: b, cancel: cancel, done: make(chan error, 1), logs: logs}
	go func() { tb.done <- b.Run(ctx) }()
	select {
	case addr := <-ready:
		tb.url = "http://" + addr
	case err := <-tb.done:
		t.Fatalf("Run: %v", err)
	}
	t.Cleanup(func() {
		tb.cancel()
		<-tb.done
		for _, secret := range []string{testBotToken, testAppToken, testSecret} {
			if strings.Contains(logs.String(), secret) {
				t.Errorf("a secret appears in the logs:\n%s", logs.String())
			}
		}
	})
	return tb
}

// send POSTs a body signed at time at (zero means now) and returns the
// status and body of the response.
func send(t testing.TB, url, contentType string, body []byte, at time.Time, header http.Header) (int, string) {
	t.Helper()
	if at.IsZero() {
		at = time.Now()
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(signature(testSecret, ts, body)))
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// eventBody is an event_callback envelope around an inner event.
func eventBody(eventID string, inner map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{
		"type":     "event_callback",
		"team_id":  "T1",
		"event_id": eventID,
		"event":    inner,
	})
	return b
}

func mention(channel, ts, threadTS, text string) map[string]any {
	ev := map[string]any{"type": "app_mention", "user": "UASKER", "text": "<@" + testBotUser + "> " + text, "ts": ts, "channel": channel}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return ev
}

func postEvent(t testing.TB, b *testBot, eventID string, inner map[string]any, header http.Header) {
	t.Helper()
	if code, body := send(t, b.url+"/slack/events", "application/json", eventBody(eventID, inner), time.Time{}, header); code != http.StatusOK || body != "" {
		t.Fatalf("POST /slack/events: got %d %q; want 200 and an empty body", code, body)
	}
}

var errBoom = errors.New("index exploded")

func TestOptionsLogNoSecrets(t *testing.T) {
	var b strings.Builder
	log := slog.New(slog.NewTextHandler(&b, nil))
	log.Info("start", "slack", Options{BotToken: "xoxb-secret-1", AppToken: "xapp-secret-2", SigningSecret: "secret-3"})
	for _, s := range []string{"secret-1", "secret-2", "secret-3"} {
		if strings.Contains(b.String(), s) {
			t.Errorf("log line %q shows %s", b.String(), s)
		}
	}
}

func TestCheck(t *testing.T) {
	f := testkit.NewSlack(t)
	team, user, err := Check(context.Background(), Options{BotToken: testBotToken, APIURL: f.URL()})
	if err != nil || team != "Test Team" || user != "newsdesk" {
		t.Errorf("Check: got %q, %q, %v; want Test Team, newsdesk, nil", team, user, err)
	}

	bad := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			io.WriteString(w, `{"ok":false,"error":"invalid_auth"}`)
		})
	})
	bad.Start()
	defer bad.Stop()
	_, _, err = Check(context.Background(), Options{BotToken: testBotToken, APIURL: bad.GetAPIURL()})
	if err == nil || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN") || strings.Contains(err.Error(), testBotToken) {
		t.Errorf("Check with a rejected token: got %v; want an error naming SLACK_BOT_TOKEN without its value", err)
	}
}
