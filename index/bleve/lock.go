//go:build unix

package bleve

import (
	"errors"
	"fmt"
	"newsdesk/index"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// dirLock is an exclusive advisory lock on a data folder, held for as long
// as the index is open. The lock file names its holder so a second process
// can say who is in the way.
type dirLock struct{ f *os.File }

func lockDir(dir, owner string) (*dirLock, error) {
	path := filepath.Join(dir, "LOCK")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			h := strings.TrimSpace(string(holder))
			if h == "" {
				h = "another process"
			}
			return nil, &index.LockedError{Dir: dir, Holder: h}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		fmt.Fprintf(f, "pid %d (%s) since %s\n", os.Getpid(), owner, time.Now().UTC().Format(time.RFC3339))
		f.Sync()
	}
	return &dirLock{f: f}, nil
}

func (l *dirLock) unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	err := l.f.Close()
	l.f = nil
	return err
}
