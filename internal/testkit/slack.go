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
	Meta     string // the message's metadata, as JSON
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
	faults    map[string][]Fault // method → faults still to inject, in order
	delay     map[string]time.Duration
	perChan   time.Duration // chat.postMessage: one per this in a channel (after a burst); 0: no limit
	burst     int
	limited   int                // posts refused as over the per-channel limit
	buckets   map[string]*bucket // channel → its chat.postMessage budget

	events chan SlackCall // every recorded call, in order
}

// NewSlack starts a fake Slack, stopped when the test ends. extra binders
// add or replace handlers.
func NewSlack(tb testing.TB, extra ...slacktest.Binder) *Slack {
	tb.Helper()
	f := &Slack{events: make(chan SlackCall, 4096), faults: map[string][]Fault{}, delay: map[string]time.Duration{}, buckets: map[string]*bucket{}}
	// slacktest keeps the first handler of a path: extra ones go first.
	binders := append(slices.Clone(extra), func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			f.mu.Lock()
			fault, faulty := f.fault("auth.test")
			f.mu.Unlock()
			if faulty && fault == Fail500 {
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
			fmt.Fprintf(w, `{"ok":true,"team":"Test Team","user":"newsdesk","team_id":"T1","user_id":%q,"bot_id":%q}`, SlackBotUser, SlackBotID)
		})
		c.Handle("/chat.postMessage", f.record("chat.postMessage"))
		c.Handle("/reactions.add", f.record("reactions.add"))
		c.Handle("/reactions.remove", f.record("reactions.remove"))
		c.Handle("/conversations.history", f.history)
		c.Handle("/conversations.replies", f.replies)
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

// Fault is a failure the fake Slack answers a call with.
type Fault int

const (
	Fail500       Fault = iota // HTTP 500; nothing done
	Fail500Posted              // the message is posted, then HTTP 500: the caller cannot know it was
	FailAuth                   // ok:false, invalid_auth; nothing done
	Fail429                    // HTTP 429 with Retry-After: 1
)

// FailNext makes the next calls of method fail, one fault each, in order.
func (f *Slack) FailNext(method string, faults ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[method] = append(f.faults[method], faults...)
}

// ClearFaults drops the faults not injected yet: Slack has recovered.
func (f *Slack) ClearFaults() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.faults)
}

// Delay makes every call of method take d longer.
func (f *Slack) Delay(method string, d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delay[method] = d
}

// LimitChannels makes chat.postMessage keep to a rate limit per channel as
// Slack does: a burst of burst messages, then one per interval; a message
// over it gets 429 with Retry-After: 1.
func (f *Slack) LimitChannels(interval time.Duration, burst int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.perChan, f.burst = interval, burst
}

// Limited is how many posts LimitChannels's limit has refused.
func (f *Slack) Limited() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.limited
}

// bucket is a channel's chat.postMessage budget.
type bucket struct {
	tokens float64
	at     time.Time
}

// allow takes a token of channel's bucket. Callers hold f.mu.
func (f *Slack) allow(channel string) bool {
	if f.perChan <= 0 {
		return true
	}
	now := time.Now()
	b, ok := f.buckets[channel]
	if !ok {
		b = &bucket{tokens: float64(f.burst), at: now}
		f.buckets[channel] = b
	}
	b.tokens = min(float64(f.burst), b.tokens+float64(now.Sub(b.at))/float64(f.perChan))
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// fault returns the next fault for method, if any. Callers hold f.mu.
func (f *Slack) fault(method string) (Fault, bool) {
	q := f.faults[method]
	if len(q) == 0 {
		return 0, false
	}
	f.faults[method] = q[1:]
	return q[0], true
}

func tooMany(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "1")
	w.WriteHeader(http.StatusTooManyRequests)
}

func (f *Slack) record(method string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		f.mu.Lock()
		d := f.delay[method]
		f.mu.Unlock()
		if d > 0 {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
		}
		f.mu.Lock()
		fault, faulty := f.fault(method)
		switch {
		case method == "chat.postMessage" && f.limitNext > 0:
			f.limitNext--
			f.mu.Unlock()
			tooMany(w)
			return
		case faulty && fault == Fail429:
			f.mu.Unlock()
			tooMany(w)
			return
		case faulty && fault == Fail500:
			f.mu.Unlock()
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		case faulty && fault == FailAuth:
			f.mu.Unlock()
			fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
			return
		case method == "chat.postMessage" && !f.allow(r.PostForm.Get("channel")):
			f.limited++
			f.mu.Unlock()
			tooMany(w)
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
			Meta:     r.PostForm.Get("metadata"),
		}
		f.calls = append(f.calls, p)
		f.mu.Unlock()
		select {
		case f.events <- p:
		default: // nobody is waiting for this many
		}
		if faulty && fault == Fail500Posted {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
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

// replies answers conversations.replies with the thread's parent and the
// messages posted in it, oldest first, with their metadata.
func (f *Slack) replies(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	fault, faulty := f.fault("conversations.replies")
	f.mu.Unlock()
	if faulty && fault == Fail500 {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	channel, ts := r.Form.Get("channel"), r.Form.Get("ts")
	f.mu.Lock()
	defer f.mu.Unlock()
	msgs := []map[string]any{{"type": "message", "ts": ts, "thread_ts": ts}}
	for _, p := range f.calls {
		if p.Method != "chat.postMessage" || p.Channel != channel || p.ThreadTS != ts {
			continue
		}
		m := map[string]any{"type": "message", "user": p.User, "text": p.Text, "ts": p.TS, "thread_ts": p.ThreadTS}
		if p.Meta != "" && r.Form.Get("include_all_metadata") == "1" {
			m["metadata"] = json.RawMessage(p.Meta)
		}
		msgs = append(msgs, m)
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

// Answers counts the answers posted per question ts, from the
// newsdesk_answer metadata the bot writes on each answer, and returns the
// other posts beside.
func (f *Slack) Answers() (perQuestion map[string]int, others []SlackCall) {
	perQuestion = map[string]int{}
	for _, p := range f.Posts() {
		var m struct {
			EventType string            `json:"event_type"`
			Payload   map[string]string `json:"event_payload"`
		}
		if p.Meta != "" && json.Unmarshal([]byte(p.Meta), &m) == nil && m.EventType == "newsdesk_answer" {
			perQuestion[m.Payload["question_ts"]]++
			continue
		}
		others = append(others, p)
	}
	return perQuestion, others
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
