//go:build linux || darwin

package bleve

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"newsdesk/index"
)

// limitFileSize makes every write that would take a file past n bytes fail
// with EFBIG, as writes fail on a full disk, until the returned function
// (or the end of the test) restores the limit. Unlike a read-only folder it
// binds root too. The limit is the whole process's, so call it only in a
// test that inChild runs. Go programs ignore the SIGXFSZ that comes with
// the error.
func limitFileSize(tb testing.TB, n uint64) (restore func()) {
	tb.Helper()
	var was syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &was); err != nil {
		tb.Fatal(err)
	}
	limit := was
	limit.Cur = min(n, was.Max)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		tb.Fatal(err)
	}
	done := false
	restore = func() {
		if !done {
			done = true
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &was); err != nil {
				tb.Fatal(err)
			}
		}
	}
	tb.Cleanup(restore)
	return restore
}

// inChild runs test t again in a child process, whose file size limit
// cannot reach the files the go command has the test binary write (its test
// log), and fails t when the child fails. It returns true in the child,
// which then runs the test's body.
func inChild(t *testing.T) bool {
	t.Helper()
	if os.Getenv("NEWSDESK_TEST_CHILD") == t.Name() {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), "NEWSDESK_TEST_CHILD="+t.Name())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s in a child process: %v\n%s", t.Name(), err, out)
	}
	return false
}

// TestFullDisk fills the disk, as far as newsdesk and bleve can tell, and
// checks that an index with nothing to change starts and serves, that an
// update that must write fails with an error, twice (scorch used to panic
// after the first), that a question meeting scorch broken by the failure
// gets an error and no panic, that the old articles are answered after
// each failure and the new ones not cited, and that once space is back the
// next update succeeds.
func TestFullDisk(t *testing.T) {
	if !inChild(t) {
		return
	}
	const question, answer = "harbour berths", "harbour-expansion"
	cases := []struct {
		name    string
		limit   uint64
		pending bool // the pending mark is written, and the documents' segment is not
	}{
		{"nothing can be written", 1, false},
		{"the new segment cannot be written", 512 << 10, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			arts := testArticles(t)
			ix := open(t, dir)
			if _, err := ix.Update(ctx, arts, nil); err != nil {
				t.Fatal(err)
			}
			ix.Close()

			restore := limitFileSize(t, c.limit)
			ix = open(t, dir)
			defer ix.Close()
			st, err := ix.Update(ctx, arts, nil)
			if err != nil || st.Unchanged != len(arts) {
				t.Fatalf("Update with nothing changed on a full disk = %+v, %v; want %d unchanged, no error", st, err, len(arts))
			}
			// Between the failed write and the reopening, a question meets
			// scorch as the failure left it: after a segment failed to
			// persist, it serves the segment it closed, whose caches are
			// nil maps, so the question panics.
			var during []error
			ix.afterFailedWrite = func() {
				_, err := ix.Search(ctx, question, 5)
				during = append(during, err)
			}
			more := append(manyArticles(2000), arts...) // a segment of about 2 MB
			for i := 1; i <= 2; i++ {
				// bleve and bbolt do not wrap the write's error (EFBIG): any
				// error will do.
				if _, err := ix.Update(ctx, more, nil); err == nil {
					t.Fatalf("Update %d on a full disk succeeded; want the write's error", i)
				}
				if len(during) != i {
					t.Fatalf("failed update %d did not reopen the index after its write failed", i)
				}
				want := "no error" // a failed write of no segment breaks nothing in memory
				if c.pending {
					want = "one matching index.ErrDamaged"
				}
				if err := during[i-1]; c.pending && !errors.Is(err, index.ErrDamaged) || !c.pending && err != nil {
					t.Errorf("a question after update %d failed, before the index was reopened: err = %v; want %s", i, err, want)
				}
				if err := ix.Health(); err != nil {
					t.Errorf("Health after failed update %d = %v; want nil", i, err)
				}
				if top := topArticle(t, ix, question); top != answer {
					t.Errorf("after failed update %d, %q is answered from %q; want %q", i, question, top, answer)
				}
				if top := topArticle(t, ix, "Place1999 visitors"); top != "" {
					t.Errorf("after failed update %d, a passage it did not commit is cited (%s)", i, top)
				}
			}
			if pending, err := ix.readPending(); err != nil || (len(pending) > 0) != c.pending {
				t.Errorf("pending after the failed updates: %d articles, %v; want some: %v", len(pending), err, c.pending)
			}

			restore()
			st, err = ix.Update(ctx, more, nil)
			if err != nil {
				t.Fatalf("Update once space is back: %v", err)
			}
			if st.Added != 2000 || st.Unchanged != len(arts) {
				t.Errorf("Update once space is back: stats %+v; want 2000 added, %d unchanged", st, len(arts))
			}
			if top := topArticle(t, ix, "Place1999 visitors"); top != "a01999" {
				t.Errorf("once space is back, Place1999 is answered from %q; want a01999", top)
			}
		})
	}
}
