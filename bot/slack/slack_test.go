package bot

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
	"gopkg.in/yaml.v3"
)

const (
	testBotToken = "xoxb-test-token-value"
	testAppToken = "xapp-test-token-value"
	testSecret   = "test-signing-secret-value"
	testBotUser  = "UBOT"
	waitLimit    = 10 * time.Second // guards against a hang; never an assertion on speed
)

// posted is one Web API call the fake Slack received.
type posted struct {
	Method   string
	Channel  string
	ThreadTS string
	TS       string
	Text     string
	Blocks   string
	Form     url.Values
}

// fakeSlack is slacktest's server with recording handlers for the calls the
// bot makes.
type fakeSlack struct {
	srv *slacktest.Server

	mu        sync.Mutex
	calls     []posted
	limitNext int // chat.postMessage answers 429 this many times first
	seq       int

	events chan posted // every recorded call, in order
}

func newFakeSlack(tb testing.TB, extra ...slacktest.Binder) *fakeSlack {
	tb.Helper()
	f := &fakeSlack{events: make(chan posted, 256)}
	binders := append([]slacktest.Binder{func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"ok":true,"team":"Test Team","user":"newsdesk","team_id":"T1","user_id":%q,"bot_id":"BBOT"}`, testBotUser)
		})
		c.Handle("/chat.postMessage", f.record("chat.postMessage"))
		c.Handle("/chat.update", f.record("chat.update"))
		c.Handle("/reactions.add", f.record("reactions.add"))
		c.Handle("/reactions.remove", f.record("reactions.remove"))
	}}, extra...)
	f.srv = slacktest.NewTestServer(binders...)
	f.srv.Start()
	tb.Cleanup(f.srv.Stop)
	return f
}

func (f *fakeSlack) record(method string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		f.mu.Lock()
		if method == "chat.postMessage" && f.limitNext > 0 {
			f.limitNext--
			f.mu.Unlock()
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		f.seq++
		p := posted{
			Method:   method,
			Channel:  r.PostForm.Get("channel"),
			ThreadTS: r.PostForm.Get("thread_ts"),
			TS:       fmt.Sprintf("1700000000.%06d", f.seq),
			Text:     r.PostForm.Get("text"),
			Blocks:   blockJSONTexts(r.PostForm.Get("blocks")),
			Form:     r.PostForm,
		}
		f.calls = append(f.calls, p)
		f.mu.Unlock()
		f.events <- p
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, p.Channel, p.TS)
	}
}

// blockJSONTexts returns every string in a Block Kit JSON document (texts,
// button values), one a line, as Slack would read them.
func blockJSONTexts(blocks string) string {
	var v any
	if json.Unmarshal([]byte(blocks), &v) != nil {
		return ""
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case string:
			out = append(out, t)
		case []any:
			for _, e := range t {
				walk(e)
			}
		case map[string]any:
			for _, k := range []string{"text", "elements", "value", "fields"} {
				if e, ok := t[k]; ok {
					walk(e)
				}
			}
		}
	}
	walk(v)
	return strings.Join(out, "\n")
}

// posts returns the chat.postMessage calls so far.
func (f *fakeSlack) posts() []posted {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []posted
	for _, c := range f.calls {
		if c.Method == "chat.postMessage" {
			out = append(out, c)
		}
	}
	return out
}

// waitPost waits for the next chat.postMessage.
func (f *fakeSlack) waitPost(tb testing.TB) posted {
	tb.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case p := <-f.events:
			if p.Method == "chat.postMessage" {
				return p
			}
		case <-deadline:
			tb.Fatalf("no chat.postMessage within %s", waitLimit)
		}
	}
}

// fakeAsker answers from a function, optionally holding each call until
// released.
type fakeAsker struct {
	answer  func(q string, opts AskOptions) (Answer, error)
	hold    chan struct{} // non-nil: Ask waits for a value (or ctx)
	started chan string   // receives each question as Ask starts

	mu    sync.Mutex
	calls []askCall
}

type askCall struct {
	Question string
	Opts     AskOptions
}

func (a *fakeAsker) Ask(ctx context.Context, q string, opts AskOptions) (Answer, error) {
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
			return Answer{}, ctx.Err()
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

var aidCitation = Citation{
	ArticleID: "ukraine-nato-security-guarantees",
	Title:     "Allies weigh security guarantees for Ukraine",
	Source:    "Example News",
	URL:       "https://news.example.com/ukraine-guarantees?a=1&b=2",
	PassageID: "ukraine-nato-security-guarantees#p3",
	Locator:   "¶3",
	Text:      "Allies gave Ukraine over €50 billion in military support in 2024, nearly 60 percent of it from European countries.",
	Score:     3.2,
}

func aidAnswer(q string) Answer {
	return Answer{
		Question:  q,
		Mode:      Extractive,
		Answer:    "Allies gave Ukraine over €50 billion in military support in 2024.",
		Citations: []Citation{aidCitation},
	}
}

// testBot is a running SlackBot in HTTP mode.
type testBot struct {
	*SlackBot
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
func startBot(t testing.TB, f *fakeSlack, ask Asker, figs FigureFinder, edit func(*SlackOptions)) *testBot {
	t.Helper()
	logs := &syncBuffer{}
	ready := make(chan string, 1)
	opts := SlackOptions{
		BotToken:      testBotToken,
		SigningSecret: testSecret,
		APIURL:        f.srv.GetAPIURL(),
		ListenAddr:    "127.0.0.1:0",
		DataDir:       t.TempDir(),
		Workers:       2,
		Queue:         4,
		Logger:        newTestLogger(logs),
		Ready:         func(addr string) { ready <- addr },
	}
	if edit != nil {
		edit(&opts)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b, err := NewSlackBot(ctx, opts, ask, figs)
	if err != nil {
		cancel()
		t.Fatalf("NewSlackBot: %v", err)
	}
	b.client.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	tb := &testBot{SlackBot: b, cancel: cancel, done: make(chan error, 1), logs: logs}
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

func TestSlackClientRateLimitRetriesOnce(t *testing.T) {
	f := newFakeSlack(t)
	f.limitNext = 1
	c := NewSlackClient(testBotToken, f.srv.GetAPIURL(), nil)
	var waited []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error { waited = append(waited, d); return nil }

	ts, err := c.Post(context.Background(), "C1", "111.222", textMessage("hello"))
	if err != nil {
		t.Fatalf("Post: %v", err)
	}
	if got := len(f.posts()); got != 1 {
		t.Errorf("got %d messages; want 1", got)
	}
	if ts == "" {
		t.Errorf("got empty ts; want the message's ts")
	}
	if len(waited) != 1 || waited[0] != time.Second {
		t.Errorf("got waits %v; want [1s] (Retry-After)", waited)
	}
}

func TestSlackClientRateLimitRespectsContext(t *testing.T) {
	f := newFakeSlack(t)
	f.limitNext = 1
	c := NewSlackClient(testBotToken, f.srv.GetAPIURL(), nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c.sleep = sleepCtx
	_, err := c.Post(ctx, "C1", "", textMessage("hello"))
	if err == nil {
		t.Fatalf("Post with cancelled ctx: got nil error; want one")
	}
	if got := len(f.posts()); got != 0 {
		t.Errorf("got %d messages; want 0", got)
	}
}

func TestSlackClientRespondErrorHidesURL(t *testing.T) {
	c := NewSlackClient(testBotToken, "", nil)
	secretPath := "http://127.0.0.1:1/hooks/T1/secret-hook-path"
	err := c.Respond(context.Background(), secretPath, Reply{Message: textMessage("x")})
	if err == nil {
		t.Fatal("Respond to a closed port: got nil error; want one")
	}
	if strings.Contains(err.Error(), "secret-hook-path") {
		t.Errorf("got error %q; want it without the response_url", err)
	}
}

func TestSlackCheck(t *testing.T) {
	f := newFakeSlack(t)
	team, user, err := CheckSlack(context.Background(), SlackOptions{BotToken: testBotToken, APIURL: f.srv.GetAPIURL()})
	if err != nil || team != "Test Team" || user != "newsdesk" {
		t.Errorf("CheckSlack: got %q, %q, %v; want Test Team, newsdesk, nil", team, user, err)
	}

	bad := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			io.WriteString(w, `{"ok":false,"error":"invalid_auth"}`)
		})
	})
	bad.Start()
	defer bad.Stop()
	_, _, err = CheckSlack(context.Background(), SlackOptions{BotToken: testBotToken, APIURL: bad.GetAPIURL()})
	if err == nil || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN") || strings.Contains(err.Error(), testBotToken) {
		t.Errorf("CheckSlack with a rejected token: got %v; want an error naming SLACK_BOT_TOKEN without its value", err)
	}
}

var errBoom = errors.New("index exploded")

func TestSlackManifestMatchesBot(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "slack-app-manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct {
				Command string `yaml:"command"`
				URL     string `yaml:"url"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				RequestURL string   `yaml:"request_url"`
				BotEvents  []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				RequestURL string `yaml:"request_url"`
			} `yaml:"interactivity"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	var cmds []string
	for _, c := range m.Features.SlashCommands {
		cmds = append(cmds, c.Command)
		if !strings.HasSuffix(c.URL, "/slack/commands") {
			t.Errorf("%s url %q; want …/slack/commands", c.Command, c.URL)
		}
	}
	tests := []struct{ what, got, want string }{
		{"commands", strings.Join(cmds, " "), "/ask /figures /newsdesk"},
		{"events", strings.Join(m.Settings.Events.BotEvents, " "), "app_mention message.im message.channels message.groups"},
		{"scopes", strings.Join(m.OAuth.Scopes.Bot, " "), "app_mentions:read chat:write commands im:history channels:history groups:history reactions:write"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("manifest %s: got %q; want %q", tt.what, tt.got, tt.want)
		}
	}
	if !strings.HasSuffix(m.Settings.Events.RequestURL, "/slack/events") || !strings.HasSuffix(m.Settings.Interactivity.RequestURL, "/slack/interactions") {
		t.Errorf("manifest request URLs %q, %q; want …/slack/events and …/slack/interactions", m.Settings.Events.RequestURL, m.Settings.Interactivity.RequestURL)
	}
}
