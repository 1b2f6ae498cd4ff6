package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"newsdesk/bot/digest"
	"newsdesk/internal/testkit"
)

var _ digest.Publisher = (*DigestPublisher)(nil)

// aDigest is a one-article digest of date.
func aDigest(date string) digest.Digest {
	return digest.Digest{Date: date, First: true, Articles: []digest.Article{{ID: "a1", Title: "Rail strike ends", ExtractKind: "lede", Extract: []string{"It ended."}}}}
}

// Find recognises the bot's own digest by its tag, and only the bot's: a
// person quoting the tag is not a posted digest.
func TestDigestPublisherFind(t *testing.T) {
	const date = "2025-03-03"
	since := time.Unix(1700000000, 0).Add(-time.Hour)
	tests := []struct {
		name      string
		post      func(ctx context.Context, f *testkit.Slack, p *DigestPublisher) string // returns the ts Find should find, or ""
		wantFound bool
	}{
		{name: "own digest", wantFound: true, post: func(ctx context.Context, f *testkit.Slack, p *DigestPublisher) string {
			ts, err := p.Publish(ctx, "C0DIGEST", aDigest(date))
			if err != nil {
				t.Fatal(err)
			}
			return ts
		}},
		{name: "the tag quoted by a person", post: func(_ context.Context, f *testkit.Slack, _ *DigestPublisher) string {
			f.Say("C0DIGEST", "U0PERSON", "1700000000.000001", digest.Tag(date)+": did anyone see this?")
			return ""
		}},
		{name: "another date's digest", post: func(ctx context.Context, _ *testkit.Slack, p *DigestPublisher) string {
			if _, err := p.Publish(ctx, "C0DIGEST", aDigest("2025-03-02")); err != nil {
				t.Fatal(err)
			}
			return ""
		}},
		{name: "the digest in another channel", post: func(ctx context.Context, _ *testkit.Slack, p *DigestPublisher) string {
			if _, err := p.Publish(ctx, "C0OTHER", aDigest(date)); err != nil {
				t.Fatal(err)
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			f := testkit.NewSlack(t)
			p := NewDigestPublisher(NewClient(testBotToken, f.URL(), nil))
			want := tt.post(ctx, f, p)
			ts, found, err := p.Find(ctx, "C0DIGEST", date, since)
			if err != nil {
				t.Fatal(err)
			}
			if found != tt.wantFound || ts != want {
				t.Errorf("Find = %q, %v; want %q, %v", ts, found, want, tt.wantFound)
			}
		})
	}
}

// A refused digest post matches digest.ErrRefused and tells the operator
// what to do about it.
func TestDigestPublisherErrorSaysWhatToDo(t *testing.T) {
	tests := []struct {
		slackErr string
		want     string
	}{
		{"not_in_channel", "invite the bot"},
		{"channel_not_found", "NEWSDESK_DIGEST_CHANNEL"},
		{"invalid_auth", "SLACK_BOT_TOKEN"},
		{"missing_scope", "slack-app-manifest.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.slackErr, func(t *testing.T) {
			f := testkit.NewSlack(t, func(c slacktest.Customize) {
				c.Handle("/chat.postMessage", func(w http.ResponseWriter, _ *http.Request) {
					fmt.Fprintf(w, `{"ok":false,"error":%q}`, tt.slackErr)
				})
			})
			p := NewDigestPublisher(NewClient(testBotToken, f.URL(), nil))
			_, err := p.Publish(context.Background(), "C0DIGEST", aDigest("2025-03-03"))
			if !errors.Is(err, digest.ErrRefused) || !strings.Contains(err.Error(), tt.slackErr) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v; want ErrRefused naming %s and saying %q", err, tt.slackErr, tt.want)
			}
		})
	}
}

// The digest crashes between its post and recording it; the next run finds
// the post in the channel's history and does not post again, over the real
// Web API calls.
func TestDigestRecoversPostFromHistory(t *testing.T) {
	day := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	clock := testkit.NewClock(day)
	f := testkit.NewSlack(t)
	f.Now = clock.Now
	ix := testkit.SeedIndex(t)
	dir := t.TempDir()
	run := func(from, until time.Time) {
		t.Helper()
		clock.Run(from, until)
		d := digest.NewScheduler(ix, nil, digest.Options{Channel: "C0DIGEST", Hour: 8, Now: clock.Now, Sleep: clock.Sleep})
		st := openState(t, dir)
		defer closeState(t, st)
		if err := d.Run(context.Background(), NewDigestPublisher(NewClient(testBotToken, f.URL(), nil)), st); err != nil {
			t.Fatal(err)
		}
	}
	run(day.Add(7*time.Hour), day.Add(9*time.Hour))
	if got := len(f.Posts()); got != 1 {
		t.Fatalf("first run posted %d; want 1", got)
	}
	// A crash right after chat.postMessage leaves the day "posting".
	st := openState(t, dir)
	var s map[string]any
	if _, err := st.Load(context.Background(), "digest", &s); err != nil {
		t.Fatal(err)
	}
	days := s["days"].(map[string]any)
	days["2025-03-03"].(map[string]any)["status"] = "posting"
	if err := st.Save(context.Background(), "digest", s); err != nil {
		t.Fatal(err)
	}
	closeState(t, st)
	run(day.Add(10*time.Hour), day.Add(23*time.Hour))
	if got := len(f.Posts()); got != 1 {
		t.Errorf("posts after the recovery = %d; want 1 (found in the history)", got)
	}
}
