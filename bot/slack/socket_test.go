package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack/slacktest"

	"newsdesk/bot/state/postgres"
	"newsdesk/bot/state/postgres/pgtest"
	"newsdesk/internal/testkit"
)

// socketFake serves apps.connections.open and a Socket Mode websocket that
// sends the envelopes it is given and reports the acks it reads.
type socketFake struct {
	send chan string // envelopes to write
	acks chan string // envelope IDs acknowledged by the bot
	auth chan string // Authorization header of apps.connections.open
}

func (s *socketFake) bind(c slacktest.Customize) {
	c.Handle("/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
		s.auth <- r.Header.Get("Authorization")
		fmt.Fprintf(w, `{"ok":true,"url":"ws://%s/socket-link"}`, r.Host)
	})
	c.Handle("/socket-link", func(w http.ResponseWriter, r *http.Request) {
		up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		done := make(chan struct{})
		go func() {
			defer close(done)
			for {
				var resp struct {
					EnvelopeID string `json:"envelope_id"`
				}
				if err := conn.ReadJSON(&resp); err != nil {
					return
				}
				s.acks <- resp.EnvelopeID
			}
		}()
		if err := conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"}}`)); err != nil {
			return
		}
		for {
			select {
			case env := <-s.send:
				if err := conn.WriteMessage(websocket.TextMessage, []byte(env)); err != nil {
					return
				}
			case <-done:
				return
			}
		}
	})
}

func envelope(id, typ string, payload []byte, retry int) string {
	b, _ := json.Marshal(map[string]any{
		"type": typ, "envelope_id": id, "payload": json.RawMessage(payload),
		"accepts_response_payload": false, "retry_attempt": retry, "retry_reason": "timeout",
	})
	return string(b)
}

func TestSocketModeAcksAndAnswers(t *testing.T) {
	sf := &socketFake{send: make(chan string, 4), acks: make(chan string, 4), auth: make(chan string, 4)}
	f := testkit.NewSlack(t, sf.bind)
	sink := newResponseSink(t)
	ask := &fakeAsker{}
	logs := &syncBuffer{}
	b, err := New(context.Background(), Options{
		BotToken: testBotToken, AppToken: testAppToken, APIURL: f.URL(),
		State: newState(t), Logger: newTestLogger(logs),
	}, ask, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	defer func() {
		cancel()
		<-done
	}()

	waitFor := func(ch chan string, what string) string {
		t.Helper()
		select {
		case v := <-ch:
			return v
		case <-time.After(waitLimit):
			t.Fatalf("no %s within %s", what, waitLimit)
			return ""
		}
	}
	if got := waitFor(sf.auth, "apps.connections.open"); got != "Bearer "+testAppToken {
		t.Errorf("apps.connections.open: got the wrong token; want the app-level token")
	}

	ev := eventBody("EvSock", mention("C1", "1700.0400", "", "How much money did allies give Ukraine in 2024?"))
	sf.send <- envelope("env-1", "events_api", ev, 0)
	if got := waitFor(sf.acks, "ack"); got != "env-1" {
		t.Errorf("got ack for %q; want env-1", got)
	}
	p := f.WaitPost(t)
	if p.Channel != "C1" || p.ThreadTS != "1700.0400" || !strings.Contains(p.Blocks, "€50 billion") {
		t.Errorf("got reply %+v; want the answer in thread 1700.0400 of C1", p)
	}

	// Slack's redelivery of the same event in a new envelope: acked, not answered again.
	sf.send <- envelope("env-2", "events_api", ev, 1)
	if got := waitFor(sf.acks, "ack"); got != "env-2" {
		t.Errorf("got ack for %q; want env-2", got)
	}

	cmd, _ := json.Marshal(map[string]string{"command": "/newsdesk", "text": "help", "response_url": sink.srv.URL, "user_id": "U1", "channel_id": "C1"})
	sf.send <- envelope("env-3", "slash_commands", cmd, 0)
	if got := waitFor(sf.acks, "ack"); got != "env-3" {
		t.Errorf("got ack for %q; want env-3", got)
	}
	if txt := sink.text(sink.next(t)); !strings.Contains(txt, "/figures TOPIC") {
		t.Errorf("slash command over Socket Mode: got %q; want the help", txt)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
		done <- nil
	case <-time.After(waitLimit):
		t.Fatal("Run did not return after cancel")
	}
	if got := len(f.Posts()); got != 1 {
		t.Errorf("got %d replies; want 1", got)
	}
	for _, secret := range []string{testBotToken, testAppToken} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("a token appears in the logs")
		}
	}
}

// A rejected app token ends Run with an error that names SLACK_APP_TOKEN
// (never its value), not just Slack's "invalid_auth".
func TestSocketModeRejectedAppToken(t *testing.T) {
	f := testkit.NewSlack(t, func(c slacktest.Customize) {
		c.Handle("/apps.connections.open", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
		})
	})
	b, err := New(context.Background(), Options{
		BotToken: testBotToken, AppToken: testAppToken, APIURL: f.URL(), State: newState(t),
	}, &fakeAsker{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- b.Run(context.Background()) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "SLACK_APP_TOKEN") || strings.Contains(err.Error(), testAppToken) {
			t.Errorf("Run: got %v; want an error naming SLACK_APP_TOKEN without its value", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("Run did not return after the app token was rejected")
	}
}

// Two replicas in Socket Mode, on one PostgreSQL, each with its own
// connection: Slack spreads the envelopes over both and sends every event
// twice (a retry may reach the other connection); each question is
// answered once.
func TestSocketModeReplicasAnswerOnce(t *testing.T) {
	url := pgtest.URL(t)
	sf := &socketFake{send: make(chan string), acks: make(chan string, 64), auth: make(chan string, 4)}
	f := testkit.NewSlack(t, sf.bind)
	for range 2 {
		st, err := postgres.Open(context.Background(), url, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		b, err := New(context.Background(), Options{
			BotToken: testBotToken, AppToken: testAppToken, APIURL: f.URL(),
			State: st, Pacer: st, Logger: newTestLogger(&syncBuffer{}),
		}, &fakeAsker{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- b.Run(ctx) }()
		t.Cleanup(func() {
			cancel()
			<-done
		})
		<-sf.auth
	}
	const n = 20
	var tss []string
	for i := range n {
		ts := fmt.Sprintf("1700.%04d", 5000+i)
		tss = append(tss, ts)
		ev := eventBody(fmt.Sprint("EvRep", i), mention(fmt.Sprint("C", i), ts, "", "How much money did allies give Ukraine in 2024?"))
		for retry := range 2 {
			select {
			case sf.send <- envelope(fmt.Sprintf("env-%d-%d", i, retry), "events_api", ev, retry):
			case <-time.After(waitLimit):
				t.Fatal("no connection took the envelope")
			}
		}
	}
	for range 2 * n {
		select {
		case <-sf.acks:
		case <-time.After(waitLimit):
			t.Fatal("an envelope was not acknowledged")
		}
	}
	waitAnswered(t, f, tss, 20*time.Second)
	time.Sleep(200 * time.Millisecond) // a second answer would be on its way by now
	checkOnce(t, f, tss)
}
