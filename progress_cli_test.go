//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/term"
)

// openPTY opens a pseudo-terminal and returns its two ends: what a program
// writes to tty, the test reads from pty.
func openPTY(tb testing.TB) (pty, tty *os.File) {
	tb.Helper()
	pty, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		tb.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	var n uint32
	for _, c := range []struct {
		req uintptr
		arg unsafe.Pointer
	}{{syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)}, {syscall.TIOCGPTN, unsafe.Pointer(&n)}} {
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, pty.Fd(), c.req, uintptr(c.arg)); errno != 0 {
			pty.Close()
			tb.Skipf("pseudo-terminal ioctl: %v", errno)
		}
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		pty.Close()
		tb.Skipf("open the terminal end: %v", err)
	}
	if !term.IsTerminal(int(tty.Fd())) {
		tb.Skip("the pseudo-terminal is not a terminal to x/term")
	}
	return pty, tty
}

// runOnTerminal runs the command line with stderr on a pseudo-terminal and
// returns what reached it.
func runOnTerminal(tb testing.TB, env map[string]string, args ...string) (string, error) {
	tb.Helper()
	pty, tty := openPTY(tb)
	defer pty.Close()
	read := make(chan string)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, pty) // ends with EIO once the terminal end is closed
		read <- b.String()
	}()
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, tty)
	tty.Close()
	return <-read, err
}

// On a terminal, a cold start says what it is doing while it indexes; a
// warm one, and one whose standard error is not a terminal, says nothing
// about indexing.
func TestAskShowsIndexingOnTerminal(t *testing.T) {
	articles := t.TempDir()
	for i := range 450 {
		text := fmt.Sprintf("Report %d\n\nThe town of Place%d counted %d visitors in 2024.\n", i, i, 100+i)
		if err := os.WriteFile(filepath.Join(articles, fmt.Sprintf("a%03d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	question := []string{"ask", "How many visitors did Place7 count?"}
	cases := []struct {
		name     string
		terminal bool
		fresh    bool // a new data folder: a cold start
		want     []string
		not      []string
	}{
		{"cold start on a terminal", true, true, []string{"reading articles in " + articles + "…", "indexing 450 articles… 44%", "indexed 450 articles in "}, nil},
		{"warm start on a terminal", true, false, nil, []string{"indexing", "indexed"}},
		{"cold start, not a terminal", false, true, nil, []string{"reading", "indexing", "\x1b[K"}},
	}
	env := map[string]string{"NEWSDESK_CORPUS_DIR": articles}
	for _, c := range cases {
		if c.fresh {
			env["NEWSDESK_DATA_DIR"] = t.TempDir()
		}
		t.Run(c.name, func(t *testing.T) {
			var got string
			var err error
			if c.terminal {
				got, err = runOnTerminal(t, env, question...)
			} else {
				var stderr bytes.Buffer
				err = run(context.Background(), question, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &stderr)
				got = stderr.String()
			}
			if err != nil {
				t.Fatalf("ask: %v; stderr %q", err, got)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("stderr %q lacks %q", got, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(got, w) {
					t.Errorf("stderr %q has %q", got, w)
				}
			}
		})
	}
}
