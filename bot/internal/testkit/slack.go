package testkit

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
)

// Who the fake Slack's auth.test says the bot is.
const (
	SlackBotUser = "UBOT"
	SlackBotID   = "BBOT"
)

// waitLimit guards a wait against a hang; it is never an assertion on speed.
const waitLimit = 10 * time.Second

// SlackCall is one Web API call the fake Slack received.
type SlackCall struct {
	Method   string
	Channel  string
	ThreadTS string
	TS       string
	User     string // who the message is from: SlackBotUser for the bot's own posts
	Text     string
	Blocks   string // every string of the blocks, one a line (see BlockTexts)
	Form     url.Values
}

// Slack is slacktest's server with recording handlers for the calls the bot
// makes: auth.test, chat.postMessage, reactions.add/remove, and
// conversations.history over the messages posted so far.
type Slack struct {
	srv *slacktest.Server

	// Now stamps each post's ts; nil means a fixed time in 2023. Set it
	// before the first post.
	Now func() time.Time

	mu        sync.Mutex
	calls     []SlackCall
	limitNext int // chat.postMessage answers 429 this many times first
	seq       int

	events chan SlackCall // every recorded call, in order
}

// NewSlack starts a fake Slack, stopped when the test ends. extra binders
// add or replace handlers.
func NewSlack(tb testing.TB, extra ...slacktest.Binder) *Slack {
	tb.Helper()
	f := &Slack{events: make(chan SlackCall, 256)}
	// slacktest keeps the first handler of a path: extra ones go first.
	binders := append(slices.Clone(extra), func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"ok":true,"team":"Test Team","user":"newsdesk","team_id":"T1","user_id":%q,"bot_id":%q}`, SlackBotUser, SlackBotID)
		})
		c.Handle("/chat.postMessage", f.record("chat.postMessage"))
		c.Handle("/reactions.add", f.record("reactions.add"))
		c.Handle("/reactions.remove", f.record("reactions.remove"))
		c.Handle("/conversations.history", f.history)
	})
	f.srv = slacktest.NewTestServer(binders...)
	f.srv.Start()
	tb.Cleanup(f.srv.Stop)
	return f
}

// URL is the Web API base URL, for slack.NewClient or Options.APIURL.
func (f *Slack) URL() string { return f.srv.GetAPIURL() }

// LimitNext makes the next n chat.postMessage calls answer 429.
func (f *Slack) LimitNext(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limitNext = n
}

func (f *Slack) record(method string) http.HandlerFunc {
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
		at := time.Unix(1700000000, 0)
		if f.Now != nil {
			at = f.Now()
		}
		p := SlackCall{
			Method:   method,
			Channel:  r.PostForm.Get("channel"),
			ThreadTS: r.PostForm.Get("thread_ts"),
			TS:       fmt.Sprintf("%d.%06d", at.Unix(), f.seq),
			User:     SlackBotUser,
			Text:     r.PostForm.Get("text"),
			Blocks:   BlockTexts(r.PostForm.Get("blocks")),
			Form:     r.PostForm,
		}
		f.calls = append(f.calls, p)
		f.mu.Unlock()
		f.events <- p
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, p.Channel, p.TS)
	}
}

// history answers conversations.history with the messages posted in the
// channel since oldest, newest first.
func (f *Slack) history(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	oldest, _ := strconv.ParseFloat(r.Form.Get("oldest"), 64)
	f.mu.Lock()
	defer f.mu.Unlock()
	msgs := []map[string]any{}
	for _, p := range slices.Backward(f.calls) {
		ts, _ := strconv.ParseFloat(p.TS, 64)
		if p.Method == "chat.postMessage" && p.Channel == r.Form.Get("channel") && ts >= oldest {
			msgs = append(msgs, map[string]any{"type": "message", "user": p.User, "text": p.Text, "ts": p.TS})
		}
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "messages": msgs, "has_more": false})
}

// Say adds a message from user to channel's history, as a person posting.
func (f *Slack) Say(channel, user, ts, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, SlackCall{Method: "chat.postMessage", Channel: channel, User: user, TS: ts, Text: text})
}

// Calls returns every recorded call so far, in order.
func (f *Slack) Calls() []SlackCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

// Posts returns the chat.postMessage calls so far.
func (f *Slack) Posts() []SlackCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []SlackCall
	for _, c := range f.calls {
		if c.Method == "chat.postMessage" {
			out = append(out, c)
		}
	}
	return out
}

// WaitPost waits for the next chat.postMessage, failing the test after ten
// seconds.
func (f *Slack) WaitPost(tb testing.TB) SlackCall {
	tb.Helper()
	return f.Wait(tb, "chat.postMessage")
}

// Wait waits for the next call of method, failing the test after ten
// seconds.
func (f *Slack) Wait(tb testing.TB, method string) SlackCall {
	tb.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case p := <-f.events:
			if p.Method == method {
				return p
			}
		case <-deadline:
			tb.Fatalf("no %s within %s", method, waitLimit)
		}
	}
}

// BlockTexts returns every string in a Block Kit JSON document (texts,
// button values), one a line, as Slack would read them.
func BlockTexts(blocks string) string {
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
