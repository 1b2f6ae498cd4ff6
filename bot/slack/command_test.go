package slack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsdesk/bot"
	"newsdesk/bot/digest"
	"newsdesk/bot/state"
	"newsdesk/corpus/figures"
	"newsdesk/internal/testkit"
)

// responseSink is a response_url endpoint recording what the bot sends.
type responseSink struct {
	srv *httptest.Server
	got chan map[string]any
}

func newResponseSink(tb testing.TB) *responseSink {
	tb.Helper()
	s := &responseSink{got: make(chan map[string]any, 16)}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		b, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(b, &m) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		s.got <- m
		io.WriteString(w, "ok")
	}))
	tb.Cleanup(s.srv.Close)
	return s
}

func (s *responseSink) next(tb testing.TB) map[string]any {
	tb.Helper()
	select {
	case m := <-s.got:
		return m
	case <-time.After(waitLimit):
		tb.Fatalf("nothing POSTed to response_url within %s", waitLimit)
		return nil
	}
}

// text is every string of a response body's text and blocks.
func (s *responseSink) text(m map[string]any) string {
	b, _ := json.Marshal(m["blocks"])
	t, _ := m["text"].(string)
	return t + "\n" + testkit.BlockTexts(string(b))
}

func slashCommand(t testing.TB, b *testBot, command, text, responseURL string) {
	t.Helper()
	form := url.Values{
		"command": {command}, "text": {text}, "response_url": {responseURL},
		"user_id": {"UASKER"}, "channel_id": {"C1"}, "team_id": {"T1"}, "trigger_id": {"tr"},
	}
	code, body := send(t, b.url+"/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), time.Time{}, nil)
	if code != http.StatusOK || body != "" {
		t.Fatalf("POST /slack/commands %s: got %d %q; want 200 and an empty body", command, code, body)
	}
}

func clickButton(t testing.TB, b *testBot, actionID, value, responseURL string) {
	t.Helper()
	payload, _ := json.Marshal(map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": "UCLICK"},
		"channel":      map[string]any{"id": "C1"},
		"response_url": responseURL,
		"actions":      []map[string]any{{"action_id": actionID, "value": value, "type": "button", "block_id": "answer_actions"}},
	})
	form := url.Values{"payload": {string(payload)}}
	code, body := send(t, b.url+"/slack/interactions", "application/x-www-form-urlencoded", []byte(form.Encode()), time.Time{}, nil)
	if code != http.StatusOK || body != "" {
		t.Fatalf("POST /slack/interactions: got %d %q; want 200 and an empty body", code, body)
	}
}

type fakeFigures struct{}

func (fakeFigures) Figures(_ context.Context, topic, kind string, k int) (bot.FigureList, error) {
	return bot.FigureList{Topic: topic, Figures: []bot.FigureAnswer{{
		Text: "over €50 billion", Kind: figures.Money, Value: 5e10, Unit: "EUR", Qualifier: "over",
		Subject: "military support", Period: "2024", Sentence: aidCitation.Text, Citation: aidCitation,
	}}}, nil
}

type fakeDigest struct{}

func (fakeDigest) Preview(context.Context) (digest.Digest, error) {
	return digest.Digest{Date: "2025-03-03", First: true, Articles: []digest.Article{{ID: "a", Title: "Digest preview"}}}, nil
}

func TestCommandAskThenShare(t *testing.T) {
	f := testkit.NewSlack(t)
	sink := newResponseSink(t)
	ask := &fakeAsker{}
	b := startBot(t, f, ask, nil, nil)

	slashCommand(t, b, "/ask", "How much money did allies give Ukraine in 2024?", sink.srv.URL+"/hook1")
	m := sink.next(t)
	if m["response_type"] != "ephemeral" {
		t.Errorf("got response_type %v; want ephemeral", m["response_type"])
	}
	if txt := sink.text(m); !strings.Contains(txt, "€50 billion") || !strings.Contains(txt, "Share in channel") {
		t.Errorf("got %q; want the answer and a share button", txt)
	}
	// The share button's value, as Slack would send it back.
	var shareVal string
	blocks, _ := json.Marshal(m["blocks"])
	var decoded []map[string]any
	_ = json.Unmarshal(blocks, &decoded)
	for _, bl := range decoded {
		els, _ := bl["elements"].([]any)
		for _, e := range els {
			if em, ok := e.(map[string]any); ok && em["action_id"] == actionShare {
				shareVal, _ = em["value"].(string)
			}
		}
	}
	if shareVal == "" {
		t.Fatalf("no %s button in %s", actionShare, blocks)
	}

	clickButton(t, b, actionShare, shareVal, sink.srv.URL+"/hook2")
	shared := sink.next(t)
	if shared["response_type"] != "in_channel" {
		t.Errorf("shared: got response_type %v; want in_channel", shared["response_type"])
	}
	if txt := sink.text(shared); !strings.Contains(txt, "€50 billion") || !strings.Contains(txt, "<@UCLICK> asked") {
		t.Errorf("shared: got %q; want the answer attributed to the sharer", txt)
	}
	if del := sink.next(t); del["delete_original"] != true {
		t.Errorf("got %v; want the private copy deleted", del)
	}
	b.stop(t)
	if got := len(ask.asked()); got != 1 {
		t.Errorf("got %d Ask calls; want 1 (sharing reuses the answer)", got)
	}
}

func TestCommandRouting(t *testing.T) {
	tests := []struct {
		name          string
		figs          FigureFinder
		digest        Previewer
		command, text string
		want          string
	}{
		{"figures unavailable", nil, nil, "/figures", "aid to Ukraine", textNoFigures},
		{"figures", fakeFigures{}, nil, "/figures", "aid to Ukraine", "over €50 billion"},
		{"newsdesk figures", fakeFigures{}, nil, "/newsdesk", "figures aid", "Key figures for “aid”"},
		{"newsdesk ask", nil, nil, "/newsdesk", "ask how much aid?", "€50 billion"},
		{"newsdesk help", nil, nil, "/newsdesk", "help", "/figures TOPIC"},
		{"newsdesk empty", nil, nil, "/newsdesk", "", "/ask QUESTION"},
		{"newsdesk digest unavailable", nil, nil, "/newsdesk", "digest", textNoDigest},
		{"newsdesk digest", nil, fakeDigest{}, "/newsdesk", "digest", "Digest preview"},
		{"ask empty", nil, nil, "/ask", "  ", "Ask me a question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testkit.NewSlack(t)
			sink := newResponseSink(t)
			b := startBot(t, f, &fakeAsker{}, tt.figs, func(o *Options) { o.Digest = tt.digest })
			slashCommand(t, b, tt.command, tt.text, sink.srv.URL)
			m := sink.next(t)
			b.stop(t)
			if txt := sink.text(m); !strings.Contains(txt, tt.want) {
				t.Errorf("got %q; want it to contain %q", txt, tt.want)
			}
			if m["response_type"] != "ephemeral" {
				t.Errorf("got response_type %v; want ephemeral", m["response_type"])
			}
		})
	}
}

func TestCommandAckDoesNotWaitForAnswer(t *testing.T) {
	f := testkit.NewSlack(t)
	sink := newResponseSink(t)
	ask := &fakeAsker{hold: make(chan struct{}), started: make(chan string, 1)}
	b := startBot(t, f, ask, nil, nil)
	slashCommand(t, b, "/ask", "question?", sink.srv.URL) // returns with the 200 ack
	<-ask.started
	select {
	case m := <-sink.got:
		t.Fatalf("got %v on response_url before the answer was released; want nothing yet", m)
	default:
	}
	close(ask.hold)
	sink.next(t)
	b.stop(t)
}

func TestCommandFeedbackRecorded(t *testing.T) {
	f := testkit.NewSlack(t)
	sink := newResponseSink(t)
	b := startBot(t, f, &fakeAsker{}, nil, nil)
	up := buttonValue(feedbackValue{PassageID: aidCitation.PassageID, Question: "How much aid?"})
	clickButton(t, b, actionVoteUp, up, sink.srv.URL)
	if txt := sink.text(sink.next(t)); !strings.Contains(txt, textThanks) {
		t.Errorf("got %q; want thanks", txt)
	}
	clickButton(t, b, actionVoteDown, up, sink.srv.URL)
	sink.next(t)
	b.stop(t)

	// The second click is the same user changing their vote on the same
	// answer: it replaces the first.
	votes, err := b.state.Votes(context.Background())
	if err != nil || len(votes) != 1 {
		t.Fatalf("got %d votes (%v); want 1", len(votes), err)
	}
	want := state.Vote{Question: "How much aid?", PassageID: aidCitation.PassageID, Up: false, User: "UCLICK"}
	if got := votes[0]; got.Question != want.Question || got.PassageID != want.PassageID || got.Up != want.Up || got.User != want.User {
		t.Errorf("got vote %+v; want %+v", got, want)
	}
	for _, totals := range []string{"total_up=1 total_down=0", "total_up=0 total_down=1"} {
		if !strings.Contains(b.logs.String(), totals) {
			t.Errorf("log lacks the vote counts %q:\n%s", totals, b.logs.String())
		}
	}
}

func TestCommandParse(t *testing.T) {
	tests := []struct{ command, text, verb, arg string }{
		{"/ask", " why? ", "ask", "why?"},
		{"/figures", "aid", "figures", "aid"},
		{"/newsdesk", "ASK why now", "ask", "why now"},
		{"/newsdesk", "digest", "digest", ""},
		{"/newsdesk", "what is this", "help", "what is this"},
		{"/digest", "now", "help", "now"}, // digest is no slash command of its own
	}
	for _, tt := range tests {
		if c, arg := parse(tt.command, tt.text); c.Name != tt.verb || arg != tt.arg {
			t.Errorf("parse(%q, %q) = %q, %q; want %q, %q", tt.command, tt.text, c.Name, arg, tt.verb, tt.arg)
		}
	}
}

// Every registered command is in the help, under /newsdesk and, for a
// Slash command, on its own line with its Help.
func TestCommandHelpListsRegistry(t *testing.T) {
	help := helpText()
	for _, c := range commands {
		if !strings.Contains(help, "`"+usage(umbrella+" "+c.Name, c.Usage)+"`") {
			t.Errorf("help lacks %s %s:\n%s", umbrella, c.Name, help)
		}
		if c.Slash && !strings.Contains(help, "`"+usage("/"+c.Name, c.Usage)+"` — "+c.Help) {
			t.Errorf("help lacks the line of /%s:\n%s", c.Name, help)
		}
		if c.Run == nil {
			t.Errorf("command %s has no Run", c.Name)
		}
	}
}

// A slash command whose answer runs out of time still gets the apology at
// its response_url.
func TestCommandAnswerTimeoutGetsApology(t *testing.T) {
	f := testkit.NewSlack(t)
	sink := newResponseSink(t)
	ask := &fakeAsker{hold: make(chan struct{})} // never released
	b := startBot(t, f, ask, nil, func(o *Options) { o.AnswerTimeout = time.Millisecond })
	slashCommand(t, b, "/ask", "question?", sink.srv.URL)
	m := sink.next(t)
	b.stop(t)
	if got := sink.text(m); !strings.Contains(got, textApology) {
		t.Errorf("got %q; want the apology", got)
	}
}

// Clicking "Share in channel" twice (a double click, or a second click
// before the private copy is gone) shares the answer once.
func TestCommandShareTwiceSharesOnce(t *testing.T) {
	f := testkit.NewSlack(t)
	sink := newResponseSink(t)
	b := startBot(t, f, &fakeAsker{}, nil, nil)
	val := buttonValue(shareValue{ID: "share-1", Question: "How much money did allies give Ukraine in 2024?"})

	clickButton(t, b, actionShare, val, sink.srv.URL+"/hook1")
	if m := sink.next(t); m["response_type"] != "in_channel" {
		t.Fatalf("first click: got %v; want the in_channel share", m)
	}
	sink.next(t) // delete_original
	clickButton(t, b, actionShare, val, sink.srv.URL+"/hook1")
	b.stop(t) // the second click's job, if any, has finished
	close(sink.got)
	for m := range sink.got {
		if m["response_type"] == "in_channel" {
			t.Errorf("second click: got another in_channel post %v; want the answer shared once", m)
		}
	}
}
