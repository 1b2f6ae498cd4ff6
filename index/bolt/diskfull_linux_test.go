package bolt

import (
	"os"
	"syscall"
	"testing"
)

// TestPutDiskFull makes the file unable to grow, as on a full disk, with a
// file size limit on the test process (the kernel then fails the write
// with EFBIG where a full disk fails it with ENOSPC; the Go runtime
// ignores the SIGXFSZ that comes with it). The Put must fail, the vectors
// stored before stay readable, and once there is room again Puts work.
func TestPutDiskFull(t *testing.T) {
	c, path := openCache(t)
	before := vectors("old", 10, 384)
	if err := c.Put(t.Context(), model384, before); err != nil {
		t.Fatalf("Put: %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}

	var saved syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &saved); err != nil {
		t.Skipf("getrlimit: %v", err)
	}
	full := saved
	full.Cur = uint64(fi.Size())
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &full); err != nil {
		t.Skipf("setrlimit: %v", err)
	}
	restored := false
	restore := func() {
		if !restored {
			restored = true
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &saved); err != nil {
				t.Fatalf("restore file size limit: %v", err)
			}
		}
	}
	defer restore()

	big := vectors("new", 3000, 384)
	if err := c.Put(t.Context(), model384, big); err == nil {
		t.Errorf("Put with no room: no error; want one")
	} else {
		t.Logf("Put with no room: %v", err)
	}
	got, err := c.Get(t.Context(), model384, 384, keys(before))
	if err != nil {
		t.Fatalf("Get after the failed Put: %v", err)
	}
	if d := sameVectors(got, before); d != "" {
		t.Errorf("Get after the failed Put: %s", d)
	}

	restore()
	if err := c.Put(t.Context(), model384, big); err != nil {
		t.Fatalf("Put with room again: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	c, err = Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer c.Close()
	if msg := c.Recovered(); msg != "" {
		t.Errorf("reopen: Recovered = %q; want \"\"", msg)
	}
	if n, err := c.Len(model384); n != len(before)+len(big) || err != nil {
		t.Errorf("Len after reopen = %d, %v; want %d, nil", n, err, len(before)+len(big))
	}
}
