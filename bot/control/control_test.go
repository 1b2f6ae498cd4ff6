package control

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/bot/digest"
)

// fakeDigests records what the socket asked of it.
type fakeDigests struct {
	mu      sync.Mutex
	posts   int
	since   []time.Time
	postErr error
}

func (f *fakeDigests) Post(ctx context.Context) (digest.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.postErr != nil {
		return digest.Result{}, f.postErr
	}
	f.posts++
	if f.posts > 1 {
		return digest.Result{Date: "2026-01-02", Status: digest.AlreadyPosted, TS: "1.1"}, nil
	}
	return digest.Result{Date: "2026-01-02", Status: digest.Posted, TS: "1.1", Articles: 3}, nil
}

func (f *fakeDigests) Preview(ctx context.Context, since time.Time) (digest.Digest, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.since = append(f.since, since)
	return digest.Digest{Date: "2026-01-02", Since: since, Articles: []digest.Article{{ID: "a", Title: "A", Status: "new"}}}, nil
}

// serve starts a control server in a temporary data folder and returns
// its socket; it stops when the test ends, and the test checks the socket
// is gone then.
func serve(tb testing.TB, d Digests) string {
	tb.Helper()
	path := SocketPath(tb.TempDir())
	srv, err := Listen(path, d, Options{Corpus: "embedded", Channel: "C0DIGEST"})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("Serve: %v", err)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			tb.Errorf("socket after Serve: %v; want it removed", err)
		}
	})
	return path
}

func TestPostAndPreview(t *testing.T) {
	f := &fakeDigests{}
	c := Dial(serve(t, f))
	ctx := context.Background()
	for i, want := range []digest.Status{digest.Posted, digest.AlreadyPosted} {
		res, channel, err := c.Post(ctx, "embedded")
		if err != nil || res.Status != want || channel != "C0DIGEST" || res.TS != "1.1" {
			t.Errorf("post %d = %+v, %q, %v; want %s in C0DIGEST", i+1, res, channel, err, want)
		}
	}
	since := time.Date(2026, 1, 1, 8, 30, 0, 123, time.UTC)
	for _, s := range []time.Time{{}, since} {
		dg, err := c.Preview(ctx, "embedded", s)
		if err != nil || len(dg.Articles) != 1 || dg.Articles[0].Title != "A" || !dg.Since.Equal(s) {
			t.Errorf("Preview(since %v) = %+v, %v; want the one article since then", s, dg, err)
		}
	}
	if len(f.since) != 2 || !f.since[0].IsZero() || !f.since[1].Equal(since) {
		t.Errorf("serve was asked for previews since %v; want zero, then %v", f.since, since)
	}
}

func TestErrors(t *testing.T) {
	path := serve(t, &fakeDigests{postErr: errors.New("post digest 2026-01-02: not_in_channel")})
	stale := filepath.Join(t.TempDir(), Socket)
	if err := os.WriteFile(stale, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name        string
		path        string
		corpus      string
		notAnswered bool
		status      int
		text        string
	}{
		{"another corpus", path, "news-0123456789ab", false, 409, `serve runs on the corpus "embedded", not "news-0123456789ab"`},
		{"the post fails", path, "embedded", false, 502, "not_in_channel"},
		{"a file left by a serve that died", stale, "embedded", true, 0, "the control socket is not answering"},
		{"no socket", filepath.Join(t.TempDir(), Socket), "embedded", true, 0, "the control socket is not answering"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Dial(c.path).Post(context.Background(), c.corpus)
			var re *RemoteError
			switch {
			case c.notAnswered && !errors.Is(err, ErrNotAnswering):
				t.Errorf("error %v; want ErrNotAnswering", err)
			case !c.notAnswered && (!errors.As(err, &re) || re.Status != c.status):
				t.Errorf("error %v; want a RemoteError with status %d", err, c.status)
			}
			if err == nil || !strings.Contains(err.Error(), c.text) {
				t.Errorf("error %v; want it to say %q", err, c.text)
			}
		})
	}
}

// Listen replaces a socket left by a serve that died, and makes the new
// one private to this user.
func TestListenReplacesStaleSocket(t *testing.T) {
	path := SocketPath(t.TempDir())
	if err := os.WriteFile(path, []byte("left over"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := Listen(path, &fakeDigests{}, Options{Corpus: "embedded"})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
		srv.Close()
		t.Fatalf("socket %v, %v; want a socket with mode 0600", fi.Mode(), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	if _, _, err := Dial(path).Post(ctx, "embedded"); err != nil {
		t.Errorf("post through the new socket: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
