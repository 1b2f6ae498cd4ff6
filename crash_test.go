package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsdesk/internal/testkit"
)

// TestMain lets the test binary stand in for the newsdesk binary: with
// NEWSDESK_TEST_AS_MAIN set it runs main, so that a test can start a real
// `newsdesk serve` process and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("NEWSDESK_TEST_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// serveProcess is a `newsdesk serve` child process.
type serveProcess struct {
	cmd  *exec.Cmd
	base string
	out  *syncWriter // over a *bytes.Buffer
}

// log is what the process has logged so far.
func (p *serveProcess) log() string {
	p.out.mu.Lock()
	defer p.out.mu.Unlock()
	return p.out.w.(*bytes.Buffer).String()
}

// startServe starts `newsdesk serve` on addr with data in dataDir, against
// the fake Slack at apiURL, with the extra settings (KEY=value) given, and
// waits until it answers /readyz.
func startServe(t testing.TB, apiURL, addr, dataDir string, extra ...string) *serveProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve")
	cmd.Env = append(os.Environ(),
		"NEWSDESK_TEST_AS_MAIN=1",
		"SLACK_BOT_TOKEN="+serveToken, "SLACK_SIGNING_SECRET="+serveSecret,
		"SLACK_APP_TOKEN=", "SLACK_API_URL="+apiURL, "NEWSDESK_LISTEN_ADDR="+addr,
		"NEWSDESK_DATA_DIR="+dataDir, "NEWSDESK_CORPUS_DIR=", "OPENAI_BASE_URL=", "OPENAI_API_KEY=",
		"NEWSDESK_LOG_LEVEL=info", "NEWSDESK_STATE_URL=", "NEWSDESK_DIGEST_CHANNEL=",
	)
	cmd.Env = append(cmd.Env, extra...)
	var logs bytes.Buffer
	w := &syncWriter{w: &logs} // one writer for both, or io.Copy's ReadFrom races the other
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProcess{cmd: cmd, base: "http://" + addr, out: w}
	t.Cleanup(func() { p.kill() })
	deadline := time.Now().Add(60 * time.Second) // a guard against a hang
	for {
		resp, err := http.Get(p.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not come up: %v\n%s", err, p.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill ends the process with SIGKILL: no drain, no flush.
func (p *serveProcess) kill() {
	if p.cmd.ProcessState == nil {
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		_ = p.cmd.Wait()
	}
}

// stop ends the process as a supervisor does, with SIGTERM.
func (p *serveProcess) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v\n%s", err, p.log())
	}
}

// crashEvent is one question of the burst.
type crashEvent struct {
	id, channel, ts string
}

// burst returns total mentions with event IDs prefix0000, prefix0001, …,
// spread over channels channels, each with a ts of its own.
func burst(prefix string, total, channels int) []crashEvent {
	events := make([]crashEvent, total)
	for i := range events {
		events[i] = crashEvent{id: fmt.Sprintf("%s%04d", prefix, i), channel: fmt.Sprintf("C%02d", i%channels), ts: fmt.Sprintf("1700000000.%06d", i)}
	}
	return events
}

func (e crashEvent) body() string {
	b, _ := json.Marshal(map[string]any{
		"type": "event_callback", "team_id": "T1", "event_id": e.id,
		"event": map[string]any{"type": "app_mention", "user": "UASKER", "channel": e.channel, "ts": e.ts,
			"text": "<@" + testkit.SlackBotUser + "> How much money did allies give Ukraine in 2024?"},
	})
	return string(b)
}

// deliver posts e signed, as Slack does, and reports whether it was
// acknowledged (200). A dead process or a refusal is not an ack.
func deliver(base string, e crashEvent, retry int) bool {
	req, err := signedRequest(base+"/slack/events", e.body())
	if err != nil {
		return false
	}
	if retry > 0 {
		req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(retry))
		req.Header.Set("X-Slack-Retry-Reason", "http_error")
	}
	c := &http.Client{Timeout: 3 * time.Second} // Slack waits 3 s for an ack
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// TestServeCrashAnswersEachAckedQuestionOnce SIGKILLs a real `serve`
// during a burst of questions at several points (while acknowledging,
// while answering and posting), restarts it on the same data folder, and
// redelivers what was not acknowledged, as Slack does; every question is
// answered exactly once.
func TestServeCrashAnswersEachAckedQuestionOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills serve processes")
	}
	f := testkit.NewSlack(t)
	f.LimitChannels(time.Second, 3) // Slack's per-channel limit, for real
	f.Now = time.Now
	dataDir, addr := t.TempDir(), freeAddr(t)

	const total, channels = 240, 40
	events := burst("EvCrash", total, channels)
	acked := make([]bool, total)
	var mu sync.Mutex

	// Each round starts serve, sends the next slice of the burst at about
	// 250 events a second (several at once), redelivers everything not yet
	// acknowledged, and kills the process after killAfter.
	rounds := []struct {
		upTo      int
		killAfter time.Duration
	}{
		{60, 250 * time.Millisecond},   // killed while acknowledging
		{150, 600 * time.Millisecond},  // killed while answering and posting
		{240, 1200 * time.Millisecond}, // killed later in the burst

	}
	next := 0
	for r, round := range rounds {
		p := startServe(t, f.URL(), addr, dataDir)
		killed := make(chan struct{})
		go func() {
			time.Sleep(round.killAfter)
			p.kill()
			close(killed)
		}()
		var wg sync.WaitGroup
		for i := range total {
			mu.Lock()
			todo := !acked[i] && (i < next || i < round.upTo)
			mu.Unlock()
			if !todo {
				continue
			}
			retry := 0
			if i < next {
				retry = r // a redelivery of an unacknowledged event
			}
			wg.Go(func() {
				if deliver(p.base, events[i], retry) {
					mu.Lock()
					acked[i] = true
					mu.Unlock()
				}
			})
			time.Sleep(4 * time.Millisecond)
		}
		wg.Wait()
		next = round.upTo
		<-killed
	}

	// The last start: Slack redelivers what is still unacknowledged (and,
	// as it may, a few it already had acknowledged); then the bot is
	// stopped once every question has an answer.
	p := startServe(t, f.URL(), addr, dataDir)
	for i := range total {
		if !acked[i] || i%37 == 0 {
			if !deliver(p.base, events[i], 3) {
				t.Fatalf("redelivery of %s not acknowledged by a running serve", events[i].id)
			}
			acked[i] = true
		}
	}
	waitAnswered(t, f, events, 90*time.Second, p)
	p.stop(t)
	checkAnsweredOnce(t, f, events)
}

// waitAnswered waits until every question of events has an answer at f,
// failing the test after limit (a guard against a hang) with p's log.
func waitAnswered(t *testing.T, f *testkit.Slack, events []crashEvent, limit time.Duration, p *serveProcess) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		got, _ := f.Answers()
		missing := 0
		for _, e := range events {
			if got[e.ts] == 0 {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d acknowledged questions never answered\n%s", missing, len(events), p.log())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkAnsweredOnce checks that every question of events was answered
// exactly once at f, and that every post is in a thread.
func checkAnsweredOnce(t *testing.T, f *testkit.Slack, events []crashEvent) {
	t.Helper()
	got, _ := f.Answers()
	notOnce := 0
	for _, e := range events {
		if got[e.ts] != 1 {
			if notOnce++; notOnce <= 5 {
				t.Errorf("question %s answered %d times; want once", e.ts, got[e.ts])
			}
		}
	}
	if notOnce > 0 {
		t.Errorf("%d of %d questions not answered exactly once", notOnce, len(events))
	}
	for _, c := range f.Posts() {
		if c.ThreadTS == "" {
			t.Errorf("a post outside a thread: %q", c.Text)
		}
	}
}
