//go:build !unix

package bleve

// dirLock is a no-op where flock is not available; bleve's own bolt_timeout
// still stops a second process from waiting forever.
type dirLock struct{}

func lockDir(dir, owner string) (*dirLock, error) { return &dirLock{}, nil }

func (l *dirLock) unlock() error { return nil }
