package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	statePostgres "newsdesk/bot/state/postgres"
	"newsdesk/bot/state/postgres/pgtest"
	"newsdesk/internal/testkit"
)

// replica starts a `newsdesk serve` with its own data folder and address,
// sharing its state in the PostgreSQL database at stateURL.
func replica(t testing.TB, f *testkit.Slack, stateURL string, extra ...string) *serveProcess {
	t.Helper()
	return startServe(t, f.URL(), freeAddr(t), t.TempDir(), append([]string{"NEWSDESK_STATE_URL=" + stateURL}, extra...)...)
}

// TestReplicasAnswerEachQuestionOnce runs two real `serve` processes on
// one PostgreSQL, as two replicas behind a load balancer: every event of a
// burst reaches both (a retry sent to the other replica, or both Socket
// Mode connections), one replica is SIGKILLed mid-burst with questions in
// hand, and the other finishes them. Every question is answered exactly
// once, in its thread, and together the replicas keep to Slack's
// per-channel limit.
func TestReplicasAnswerEachQuestionOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills serve processes")
	}
	url := pgtest.URL(t)
	f := testkit.NewSlack(t)
	f.LimitChannels(time.Second, 3) // Slack's per-channel limit, for real
	f.Now = time.Now
	a, b := replica(t, f, url), replica(t, f, url)

	const total, channels = 120, 8
	events := burst("EvRep", total, channels)
	acked := make([]bool, total)
	var mu sync.Mutex
	ack := func(i int) {
		mu.Lock()
		acked[i] = true
		mu.Unlock()
	}

	// The burst, at about 100 events a second, each delivered to both
	// replicas at once (every third as a retry); a is killed a second in,
	// with a backlog of questions leased to it.
	killed := make(chan struct{})
	go func() {
		time.Sleep(time.Second)
		a.kill()
		close(killed)
	}()
	var wg sync.WaitGroup
	for i, e := range events {
		retry := i % 3
		for _, p := range []*serveProcess{a, b} {
			wg.Go(func() {
				if deliver(p.base, e, retry) {
					ack(i)
				}
			})
		}
		time.Sleep(10 * time.Millisecond)
	}
	wg.Wait()
	<-killed
	for i, e := range events { // Slack redelivers what neither acknowledged
		if !acked[i] && !deliver(b.base, e, 3) {
			t.Fatalf("redelivery of %s not acknowledged by the live replica", e.id)
		}
	}

	// a's leases pass within 30 s; b takes its questions over.
	waitAnswered(t, f, events, 2*time.Minute, b)
	b.stop(t)
	checkAnsweredOnce(t, f, events)
	_, others := f.Answers()
	notices := map[string]int{} // "yours is queued", by thread
	for _, p := range others {
		if !strings.HasPrefix(p.Text, "I'm answering a lot of questions right now") {
			t.Errorf("a post that is neither an answer nor a queue notice: %q", p.Text)
		}
		if notices[p.ThreadTS]++; notices[p.ThreadTS] == 2 {
			t.Errorf("two queue notices in thread %s", p.ThreadTS)
		}
	}
	// Without shared pacing each replica would send its own burst of 3 into
	// every channel at once: 3 over the limit in each. Shared, a post may
	// still arrive a little early after a slower one (network jitter).
	t.Logf("%d posts refused as over the per-channel limit; %d queue notices", f.Limited(), len(others))
	if n := f.Limited(); n > channels {
		t.Errorf("Slack refused %d posts as over its per-channel limit; want at most %d between the replicas", n, channels)
	}
	if !strings.Contains(b.log(), "attempt=2") {
		t.Errorf("the live replica's log shows no question taken over (attempt=2)")
	}
}

// TestReplicasPostOneDigest runs two replicas at digest time: one posts
// the day's digest (Slack takes three seconds to take it, so the other
// starts while it posts and finds the posting lease taken), and a replica
// restarted afterwards finds the day posted.
func TestReplicasPostOneDigest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts serve processes")
	}
	url := pgtest.URL(t)
	f := testkit.NewSlack(t)
	waitLog := func(p *serveProcess, what string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second) // a guard against a hang
		for !strings.Contains(p.log(), what) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q in the log:\n%s", what, p.log())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	f.Delay("chat.postMessage", 3*time.Second)
	zone, _ := quietDigestTime(t) // a morning zone: 00:00 there has passed
	digest := []string{"NEWSDESK_DIGEST_CHANNEL=C0DIGEST", "NEWSDESK_DIGEST_TZ=" + zone, "NEWSDESK_DIGEST_TIME=00:00"}
	a := replica(t, f, url, digest...)
	waitLog(a, "daily digest scheduled")
	b := replica(t, f, url, digest...)

	waitLog(b, "another replica is posting the daily digest")
	waitLog(a, "daily digest posted")
	b.stop(t)
	b = replica(t, f, url, digest...)
	waitLog(b, "daily digest already posted")
	a.stop(t)
	b.stop(t)

	var digests int
	for _, p := range f.Posts() {
		if p.Channel == "C0DIGEST" && strings.Contains(p.Text, "newsdesk digest ") {
			digests++
		}
	}
	if digests != 1 {
		t.Errorf("%d digest posts; want one", digests)
	}
}

// BenchmarkReplicasAcknowledge measures how many events a second one and
// two replicas acknowledge (verify, record in PostgreSQL, answer 200)
// under 16 concurrent deliveries, each event in its own channel. The
// answers follow at the pace of Slack's workspace limit, the same for any
// number of replicas.
//
//	NEWSDESK_TEST_POSTGRES=postgres://… go test -run '^$' -bench ReplicasAcknowledge -benchtime 2000x .
func BenchmarkReplicasAcknowledge(b *testing.B) {
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("replicas=%d", n), func(b *testing.B) {
			f := testkit.NewSlack(b)
			schema := pgtest.URL(b) // each run its own, empty queue
			var ps []*serveProcess
			for range n {
				ps = append(ps, replica(b, f, schema))
			}
			next := make(chan int)
			go func() {
				for i := range b.N {
					next <- i
				}
				close(next)
			}()
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			var failed sync.Map
			for w := range 16 {
				wg.Go(func() {
					for i := range next {
						e := crashEvent{id: fmt.Sprintf("EvLoad%d-%07d", n, i), channel: fmt.Sprintf("CL%07d", i), ts: fmt.Sprintf("1700000000.%06d", i)}
						if !deliver(ps[(i+w)%n].base, e, 0) {
							failed.Store(i, true)
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
			failed.Range(func(k, _ any) bool {
				b.Errorf("event %v not acknowledged", k)
				return false
			})
		})
	}
}

// `digest --post` (from cron) while another replica holds the day's
// posting lease says so, posts nothing, and exits 0; once the lease is
// released it posts.
func TestDigestPostWhileAnotherReplicaPosts(t *testing.T) {
	url := pgtest.URL(t)
	f := testkit.NewSlack(t)
	other, err := statePostgres.Open(context.Background(), url, statePostgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if ok, err := other.Lease(context.Background(), "digest", "the other replica", time.Hour); !ok || err != nil {
		t.Fatalf("Lease = %v, %v", ok, err)
	}
	env := map[string]string{
		"NEWSDESK_DATA_DIR": t.TempDir(), "NEWSDESK_STATE_URL": url, "NEWSDESK_DIGEST_CHANNEL": "C0DIGEST",
		"SLACK_BOT_TOKEN": serveToken, "SLACK_API_URL": f.URL(),
	}
	out, err := runDigest(t, env, "--post")
	if err != nil || !strings.Contains(out, "another replica is posting the digest for ") {
		t.Errorf("digest --post while another replica posts = %q, %v; want it to say so, exit 0", out, err)
	}
	if n := len(f.Posts()); n != 0 {
		t.Errorf("%d posts; want none", n)
	}
	if err := other.Release(context.Background(), "digest", "the other replica"); err != nil {
		t.Fatal(err)
	}
	if out, err := runDigest(t, env, "--post"); err != nil || !strings.Contains(out, "posted the digest for ") {
		t.Errorf("digest --post after = %q, %v; want it posted", out, err)
	}
}
