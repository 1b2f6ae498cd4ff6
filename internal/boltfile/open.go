package boltfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	bbolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrPanicked marks a panic of bbolt's turned into an error by Guard.
var ErrPanicked = errors.New("bbolt panicked")

// ErrLocked is returned by Open when another process holds the file for
// longer than the timeout.
var ErrLocked = errors.New("another process has the file open")

// Open opens the bbolt file at path, creating it when it does not exist
// (its folder must), and checks that it is sound by reading every page
// once. A file that is not (garbage, truncated, a page of the wrong kind)
// is renamed to path.corrupt-<UTC time> and an empty file started in its
// place: Open then returns the new database and, in recovered, a sentence
// for the caller to log. It waits up to timeout for another process to
// release the file, then returns an error matching ErrLocked; other errors
// are about reaching, reading or creating the file.
func Open(path string, timeout time.Duration) (db *bbolt.DB, recovered string, err error) {
	db, damage, err := open(path, timeout)
	if err != nil || damage == "" {
		return db, "", err
	}
	aside, err := MoveAside(path, time.Now())
	if err != nil {
		return nil, "", fmt.Errorf("it is damaged (%s) and cannot be moved aside: %w", damage, err)
	}
	db, again, err := open(path, timeout)
	if err == nil && again != "" {
		err = errors.New(again) // a fresh file: only a bug gets here
	}
	if err != nil {
		return nil, "", fmt.Errorf("start an empty one after moving the damaged one to %s: %w", aside, err)
	}
	return db, fmt.Sprintf("%s was damaged (%s): moved it to %s and started an empty one", path, damage, filepath.Base(aside)), nil
}

// open opens path with bbolt and checks that the file is sound. When it is
// not, open returns why, and no DB; err is for what a sound file can fail
// with too (permissions, the lock, I/O).
func open(path string, timeout time.Duration) (db *bbolt.DB, damage string, err error) {
	existed := false
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		existed = true
	}
	// bbolt does not close its file when it panics; keeping it here lets
	// open release the file (and its lock) before moving it aside. The
	// mapping of the damaged file stays until the process ends.
	var f *os.File
	opts := &bbolt.Options{
		Timeout: timeout,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			var err error
			f, err = os.OpenFile(name, flag, perm)
			return f, err
		},
	}
	db, err = Guard(func() (*bbolt.DB, error) { return bbolt.Open(path, 0o644, opts) })
	switch {
	case errors.Is(err, ErrPanicked):
		if f != nil {
			f.Close()
		}
		return nil, err.Error(), nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, "", fmt.Errorf("%w: %s", ErrLocked, path)
	case err != nil && (!existed || isIO(err)):
		return nil, "", err
	case err != nil:
		// ErrInvalid, ErrVersionMismatch, ErrChecksum, and bbolt's
		// unwrapped "file size too small": the file's content is wrong.
		return nil, err.Error(), nil
	}
	if damage := check(db); damage != "" {
		db.Close()
		return nil, damage, nil
	}
	return db, "", nil
}

// isIO reports whether err is about reaching the file rather than what it
// holds: such an error is returned, and the file left where it is.
func isIO(err error) bool {
	var pe *fs.PathError
	var errno syscall.Errno
	return errors.As(err, &pe) || errors.As(err, &errno)
}

// Guard runs fn, turning a panic, and a fault on the file's memory mapping,
// into an error matching ErrPanicked. bbolt trusts its file: it panics on a
// page of the wrong type and faults reading past the end of a truncated
// file, where a cache wants an error to recover from.
func Guard[T any](fn func() (T, error)) (v T, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrPanicked, r)
		}
	}()
	return fn()
}

// check returns why db's file is not sound, or "". It reads every page
// reachable from the root once, so that damage shows here, where it can
// be recovered from, rather than as a panic in a later Get.
func check(db *bbolt.DB) string {
	fi, err := os.Stat(db.Path())
	if err != nil {
		return err.Error()
	}
	_, err = Guard(func() (struct{}, error) {
		return struct{}{}, db.View(func(tx *bbolt.Tx) error {
			// A truncated file faults, not fails, on reading its lost
			// pages, so its size is checked before anything is read.
			if need := tx.Size(); fi.Size() < need {
				return fmt.Errorf("truncated: %d bytes, its pages need %d", fi.Size(), need)
			}
			return tx.ForEach(func(_ []byte, b *bbolt.Bucket) error { return walk(b) })
		})
	})
	if err != nil {
		return err.Error()
	}
	return ""
}

// walk reads every key of b and of the buckets nested in it.
func walk(b *bbolt.Bucket) error {
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			if nb := b.Bucket(k); nb != nil {
				return walk(nb)
			}
		}
		return nil
	})
}

// MoveAside renames the damaged file at path to path.corrupt-<now>, with a
// number after it when a file of that name exists, and returns the name.
func MoveAside(path string, now time.Time) (string, error) {
	base := path + ".corrupt-" + now.UTC().Format("20060102T150405Z")
	aside := base
	for i := 2; ; i++ {
		_, err := os.Lstat(aside)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return "", err
		}
		aside = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(path, aside); err != nil {
		return "", err
	}
	return aside, nil
}
