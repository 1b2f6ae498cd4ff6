package child

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Result is what one run of a child process gave.
type Result struct {
	Stdout    []byte
	Seconds   float64 // wall time, start to exit
	PeakRSSMB float64 // the child's peak resident set size, in MiB
}

// Run runs exe with args and waits for it. It returns an error, with the
// end of what the child wrote on standard error, when the child cannot be
// started or exits with a non-zero status; ctx kills the child when done.
func Run(ctx context.Context, exe string, args ...string) (Result, error) {
	cmd := exec.CommandContext(ctx, exe, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := Result{Stdout: stdout.Bytes(), Seconds: time.Since(start).Seconds()}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.PeakRSSMB = float64(ru.Maxrss) / 1024 // Linux reports KiB
		}
	}
	if err != nil {
		return r, fmt.Errorf("%s %s: %w: %s", exe, strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return r, nil
}

// tail is the last n bytes of s.
func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return s
}
