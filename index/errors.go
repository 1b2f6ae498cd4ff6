package index

import (
	"errors"
	"fmt"
)

// ErrLocked reports that another process holds the data folder. Match it
// with errors.Is; the concrete *LockedError names the holder.
var ErrLocked = errors.New("data folder is in use")

// ErrNotFound reports that an article is not in the index.
var ErrNotFound = errors.New("not found in the index")

// LockedError is returned by Open when another process holds the data folder.
type LockedError struct {
	Dir    string // the data folder
	Holder string // what the lock file says: "pid 123 (newsdesk serve) since …"
}

// Error names the folder, its holder, and what to do about it.
func (e *LockedError) Error() string {
	return fmt.Sprintf("data folder %s is in use by %s; stop that process or use another --data folder", e.Dir, e.Holder)
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }
