package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/testkit"
	"newsdesk/internal/wait"
)

func TestClientRateLimitRetriesOnce(t *testing.T) {
	f := testkit.NewSlack(t)
	f.LimitNext(1)
	c := NewClient(testBotToken, f.URL(), nil)
	var waited []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error { waited = append(waited, d); return nil }

	ts, err := c.Post(context.Background(), "C1", "111.222", textMessage("hello"))
	if err != nil {
		t.Fatalf("Post: %v", err)
	}
	if got := len(f.Posts()); got != 1 {
		t.Errorf("got %d messages; want 1", got)
	}
	if ts == "" {
		t.Errorf("got empty ts; want the message's ts")
	}
	if len(waited) != 1 || waited[0] != time.Second {
		t.Errorf("got waits %v; want [1s] (Retry-After)", waited)
	}
}

func TestClientRateLimitRespectsContext(t *testing.T) {
	f := testkit.NewSlack(t)
	f.LimitNext(1)
	c := NewClient(testBotToken, f.URL(), nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c.sleep = wait.Sleep
	_, err := c.Post(ctx, "C1", "", textMessage("hello"))
	if err == nil {
		t.Fatalf("Post with cancelled ctx: got nil error; want one")
	}
	if got := len(f.Posts()); got != 0 {
		t.Errorf("got %d messages; want 0", got)
	}
}

func TestClientRespondErrorHidesURL(t *testing.T) {
	c := NewClient(testBotToken, "", nil)
	secretPath := "http://127.0.0.1:1/hooks/T1/secret-hook-path"
	err := c.Respond(context.Background(), secretPath, Reply{Message: textMessage("x")})
	if err == nil {
		t.Fatal("Respond to a closed port: got nil error; want one")
	}
	if strings.Contains(err.Error(), "secret-hook-path") {
		t.Errorf("got error %q; want it without the response_url", err)
	}
}
