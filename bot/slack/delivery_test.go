package slack

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/bot"
	"newsdesk/bot/state"
	"newsdesk/index"
	"newsdesk/internal/testkit"
	"newsdesk/internal/wait"
)

// waitAnswered waits until every question of tss has an answer, failing
// the test after limit.
func waitAnswered(t *testing.T, f *testkit.Slack, tss []string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		got, _ := f.Answers()
		missing := 0
		for _, ts := range tss {
			if got[ts] == 0 {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d questions unanswered after %s", missing, len(tss), limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkOnce fails the test for a question answered other than once.
func checkOnce(t *testing.T, f *testkit.Slack, tss []string) {
	t.Helper()
	got, _ := f.Answers()
	for _, ts := range tss {
		if got[ts] != 1 {
			t.Errorf("question %s answered %d times; want once", ts, got[ts])
		}
	}
}

// sendStatus posts a signed event and returns the status; safe to call
// from several goroutines.
func sendStatus(url, eventID string, inner map[string]any) (int, error) {
	body := eventBody(eventID, inner)
	req, err := http.NewRequest(http.MethodPost, url+"/slack/events", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(signature(testSecret, ts, body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// fastSlack scales Slack's per-channel limit down fifty times, in the fake
// and in the bot alike, so that a burst plays out in seconds: one post per
// 20 ms in a channel, in bursts of 3.
func fastSlack(b *Bot) {
	b.client.limits.perChannel = map[string]rule{"chat.postMessage": {20 * time.Millisecond, 3}}
	b.client.limits.perMethod = map[string]rule{"chat.postMessage": {4 * time.Millisecond, 20}}
}

// 100 questions in 2 s in one channel, against a Slack that allows a post
// a channel every 20 ms (Slack's 1 s, scaled) and answers 429 above it:
// every question gets exactly one answer.
func TestBurstInOneChannelAnsweredOnceEach(t *testing.T) {
	f := testkit.NewSlack(t)
	f.LimitChannels(20*time.Millisecond, 3)
	b := startTuned(t, f, &fakeAsker{}, nil, func(o *Options) { o.Workers = 4 }, fastSlack)

	const n = 100
	var tss []string
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		ts := fmt.Sprintf("1700.%04d", 1000+i)
		tss = append(tss, ts)
		wg.Go(func() {
			code, err := sendStatus(b.url, "EvBurst"+ts, mention("C1", ts, "", "How much money did allies give Ukraine in 2024?"))
			if err == nil && code != http.StatusOK {
				err = fmt.Errorf("event %s: status %d; want 200", ts, code)
			}
			errs <- err
		})
		time.Sleep(2 * time.Second / n)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	waitAnswered(t, f, tss, 60*time.Second)
	b.stop(t)
	checkOnce(t, f, tss)
	_, notes := f.Answers()
	if len(notes) > 1 {
		t.Errorf("%d other posts in the channel; want at most one queued note", len(notes))
	}
}

// Each transient failure of chat.postMessage is retried, and a post Slack
// made but answered 500 for is found in the thread, not repeated.
func TestTransientFailuresAnsweredOnce(t *testing.T) {
	tests := []struct {
		name    string
		post    []testkit.Fault
		replies []testkit.Fault
	}{
		{"500", []testkit.Fault{testkit.Fail500}, nil},
		{"invalid_auth", []testkit.Fault{testkit.FailAuth}, nil},
		{"429", []testkit.Fault{testkit.Fail429, testkit.Fail429}, nil},
		{"posted, then 500", []testkit.Fault{testkit.Fail500Posted}, nil},
		{"posted, then 500, and the look-up fails once", []testkit.Fault{testkit.Fail500Posted}, []testkit.Fault{testkit.Fail500}},
		{"a mix", []testkit.Fault{testkit.Fail429, testkit.Fail500, testkit.FailAuth, testkit.Fail500Posted}, nil},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testkit.NewSlack(t)
			f.FailNext("chat.postMessage", tt.post...)
			f.FailNext("conversations.replies", tt.replies...)
			b := startBot(t, f, &fakeAsker{}, nil, nil)
			ts := fmt.Sprintf("1700.%04d", 2000+i)
			postEvent(t, b, "EvFault"+ts, mention("C1", ts, "", "How much money did allies give Ukraine in 2024?"), nil)
			waitAnswered(t, f, []string{ts}, 20*time.Second)
			b.stop(t)
			checkOnce(t, f, []string{ts})
			if _, notes := f.Answers(); len(notes) != 0 {
				t.Errorf("other posts: %+v; want none", notes)
			}
		})
	}
}

// A Slack that refuses every post past the deadline gets the answer once
// it recovers, with an apology for the delay, once.
func TestSlackDownAnswerPostedLate(t *testing.T) {
	f := testkit.NewSlack(t)
	outage := make([]testkit.Fault, 100_000)
	f.FailNext("chat.postMessage", outage...) // Fail500, the zero Fault
	b := startTuned(t, f, &fakeAsker{}, nil, func(o *Options) { o.DeliveryDeadline = 200 * time.Millisecond }, func(b *Bot) {
		b.client.sleep = wait.Sleep
		b.lateRetry, b.idlePoll = 100*time.Millisecond, 20*time.Millisecond
	})
	postEvent(t, b, "EvDown", mention("C1", "1700.3000", "", "How much money did allies give Ukraine in 2024?"), nil)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(b.logs.String(), "will post it late") {
		if time.Now().After(deadline) {
			t.Fatalf("the bot never gave up on time; logs:\n%s", b.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.ClearFaults()
	waitAnswered(t, f, []string{"1700.3000"}, 10*time.Second)
	b.stop(t)
	checkOnce(t, f, []string{"1700.3000"})
	if p := f.Posts()[0]; !strings.Contains(p.Text, textLate) || !strings.Contains(p.Blocks, "€50 billion") {
		t.Errorf("late post = %q / %q; want the apology and the answer", p.Text, p.Blocks)
	}
}

// Shutdown with a slow Slack returns at the drain deadline, posts nothing
// after it, and leaves what it could not post queued: the next start
// answers each of those once.
func TestShutdownLeavesUnpostedQueued(t *testing.T) {
	f := testkit.NewSlack(t)
	f.Delay("chat.postMessage", 5*time.Second)
	dir := t.TempDir()
	var st state.Store
	useDir := func(o *Options) {
		st = openState(t, dir)
		o.State, o.DrainTimeout, o.Workers = st, 200*time.Millisecond, 2
	}
	first := startBot(t, f, &fakeAsker{}, nil, useDir)
	var tss []string
	for i := range 4 {
		ts := fmt.Sprintf("1700.%04d", 4000+i)
		tss = append(tss, ts)
		postEvent(t, first, "EvSlow"+ts, mention(fmt.Sprint("C", i), ts, "", "How much money did allies give Ukraine in 2024?"), nil)
	}
	time.Sleep(100 * time.Millisecond) // let the workers start posting
	first.stop(t)
	if got := len(f.Posts()); got != 0 {
		t.Fatalf("%d posts made during a drain that timed out; want none (each takes 5s)", got)
	}
	closeState(t, st)

	f.Delay("chat.postMessage", 0)
	second := startBot(t, f, &fakeAsker{}, nil, useDir)
	waitAnswered(t, f, tss, 20*time.Second)
	second.stop(t)
	checkOnce(t, f, tss)
}

// A question's lease is renewed while its answer takes longer than the
// lease: no other worker (of this replica or another) takes it meanwhile,
// and it is answered once.
func TestLeaseRenewedWhileAnswering(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{hold: make(chan struct{}), started: make(chan string, 1)}
	var st state.Store
	b := startTuned(t, f, ask, nil, func(o *Options) { st = o.State }, func(b *Bot) { b.lease = 600 * time.Millisecond })
	postEvent(t, b, "EvLong", mention("C1", "1700.0001", "", "How much money did allies give Ukraine in 2024?"), nil)
	<-ask.started
	for range 4 { // over three leases
		time.Sleep(500 * time.Millisecond)
		j, ok, err := st.Take(context.Background(), time.Minute, nil)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			t.Fatalf("another taker got %s while its answer was being written", j.ID)
		}
	}
	close(ask.hold)
	waitAnswered(t, f, []string{"1700.0001"}, 10*time.Second)
	b.stop(t)
	checkOnce(t, f, []string{"1700.0001"})
}

// losingState answers every Renew with "another take holds the job".
type losingState struct{ state.Store }

func (losingState) Renew(context.Context, state.Job, time.Duration) (bool, error) { return false, nil }

// A worker that finds its lease lost stops answering and leaves the
// question, neither finished nor put back, to the worker that took it.
func TestLostLeaseLeavesTheQuestion(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{hold: make(chan struct{}), started: make(chan string, 1)}
	var st state.Store
	b := startTuned(t, f, ask, nil, func(o *Options) {
		st = o.State
		o.State = losingState{o.State}
	}, func(b *Bot) { b.lease = 300 * time.Millisecond })
	postEvent(t, b, "EvLost", mention("C1", "1700.0002", "", "How much money did allies give Ukraine in 2024?"), nil)
	<-ask.started
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(b.logs.String(), "lost the lease of a question") {
		if time.Now().After(deadline) {
			t.Fatalf("no lost lease in the log:\n%s", b.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.stop(t)
	if n := len(f.Posts()); n != 0 {
		t.Errorf("%d posts after the lease was lost; want none", n)
	}
	time.Sleep(300 * time.Millisecond) // the lost lease passes
	j, ok, err := st.Take(context.Background(), time.Minute, nil)
	if err != nil || !ok || j.Attempts != 2 {
		t.Errorf("the next take = %+v, %v, %v; want the question, attempt 2", j, ok, err)
	}
}

// failingState fails Enqueue while fail is set: a full disk, say.
type failingState struct {
	state.Store
	mu   sync.Mutex
	fail bool
}

func (s *failingState) Enqueue(ctx context.Context, j state.Job) (bool, error) {
	s.mu.Lock()
	fail := s.fail
	s.mu.Unlock()
	if fail {
		return false, errors.New("write state.db: no space left on device")
	}
	return s.Store.Enqueue(ctx, j)
}

// An event the bot cannot record is not acknowledged, so Slack retries
// it; the retry, once recording works again, is answered.
func TestEventNotAcknowledgedUntilRecorded(t *testing.T) {
	f := testkit.NewSlack(t)
	st := &failingState{Store: newState(t), fail: true}
	b := startBot(t, f, &fakeAsker{}, nil, func(o *Options) { o.State = st })
	ev := mention("C1", "1700.5000", "", "How much money did allies give Ukraine in 2024?")
	if code, err := sendStatus(b.url, "EvFull", ev); err != nil || code != http.StatusInternalServerError {
		t.Fatalf("event with the state failing: %d, %v; want 500", code, err)
	}
	st.mu.Lock()
	st.fail = false
	st.mu.Unlock()
	postEvent(t, b, "EvFull", ev, http.Header{"X-Slack-Retry-Num": {"1"}})
	waitAnswered(t, f, []string{"1700.5000"}, 10*time.Second)
	b.stop(t)
	checkOnce(t, f, []string{"1700.5000"})
}

// sendSigned posts body to path signed at at, and returns the status.
func sendSigned(t *testing.T, b *testBot, path string, body []byte, at time.Time) int {
	t.Helper()
	code, _ := send(t, b.url+path, "application/x-www-form-urlencoded", body, at, nil)
	return code
}

// A signed interaction replayed within the signature window is handled
// once; a click carrying thousands of actions counts as one.
func TestInteractionsReplayedAndOversized(t *testing.T) {
	f := testkit.NewSlack(t)
	sink := newResponseSink(t)
	b := startBot(t, f, &fakeAsker{}, nil, nil)
	vote := buttonValue(feedbackValue{PassageID: aidCitation.PassageID, Question: "How much aid?"})
	actions := make([]map[string]any, 2000)
	for i := range actions {
		actions[i] = map[string]any{"action_id": actionVoteUp, "value": vote, "type": "button", "block_id": "answer_actions"}
	}
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "UCLICK"}, "channel": map[string]any{"id": "C1"},
		"container":    map[string]any{"channel_id": "C1", "message_ts": "1700.6000"},
		"response_url": sink.srv.URL, "actions": actions,
	})
	body := []byte(url.Values{"payload": {string(payload)}}.Encode())
	at := time.Now()
	for range 3 {
		if code := sendSigned(t, b, "/slack/interactions", body, at); code != http.StatusOK {
			t.Fatalf("POST /slack/interactions: %d; want 200", code)
		}
	}
	sink.next(t) // the one thanks
	b.stop(t)
	votes, err := b.state.Votes(context.Background())
	if err != nil || len(votes) != 1 {
		t.Errorf("votes = %d (%v); want 1", len(votes), err)
	}
	select {
	case m := <-sink.got:
		t.Errorf("a second reply on response_url: %v; want one thanks", m)
	default:
	}
}

// A transient 500 from auth.test at start is retried.
func TestNewRetriesAuthTest(t *testing.T) {
	f := testkit.NewSlack(t)
	f.FailNext("auth.test", testkit.Fail500, testkit.Fail500)
	b := startBot(t, f, &fakeAsker{}, nil, nil)
	if b.me.UserID != testkit.SlackBotUser {
		t.Errorf("bot user = %q; want %q", b.me.UserID, testkit.SlackBotUser)
	}
	b.stop(t)
}

// rebuildingAsker fails as the answerer does while the index is rebuilt.
type rebuildingAsker struct{}

func (rebuildingAsker) Ask(context.Context, string, bot.AskOptions) (bot.Answer, error) {
	return bot.Answer{}, fmt.Errorf("search: %w", index.ErrRebuilding)
}

// While the index is rebuilt after damage, a question gets a sentence
// that says so, in its thread, not the generic apology.
func TestAnswerWhileRebuilding(t *testing.T) {
	f := testkit.NewSlack(t)
	b := startBot(t, f, rebuildingAsker{}, nil, nil)
	postEvent(t, b, "EvRebuild", mention("C1", "1700.8000", "", "How much money did allies give Ukraine in 2024?"), nil)
	p := f.WaitPost(t)
	b.stop(t)
	if !strings.Contains(p.Text, bot.RebuildingText) || p.ThreadTS != "1700.8000" {
		t.Errorf("got %q in thread %q; want %q in the question's thread", p.Text, p.ThreadTS, bot.RebuildingText)
	}
}
