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

// ErrDamaged reports that the index failed under a call: a segment on disk
// is damaged, or the search engine broke after a failed write. The call
// that met the failure returns an error matching it (the engine's panic
// turned into an error); the index then checks its files and is reopened
// or rebuilt, and answers ErrRebuilding until it is sound again.
var ErrDamaged = errors.New("the index is damaged")

// ErrRebuilding reports that the index cannot answer for now: it is being
// checked after an ErrDamaged, or it was damaged and is waiting to be
// rebuilt from the corpus by the next Update. Ask again in a minute.
var ErrRebuilding = errors.New("the index is being rebuilt")

// ErrUnread reports that Update was given an article a corpus load left
// unread (corpus.Article.Unread, on the index's word that it was
// unchanged), and that the index needs its text after all: it was rebuilt
// or changed since the load. Load the corpus again without leaving files
// unread, and update again.
var ErrUnread = errors.New("an article left unread has to be indexed")

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
