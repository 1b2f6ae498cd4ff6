package bolt

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"time"

	bbolt "go.etcd.io/bbolt"

	"newsdesk/index"
	"newsdesk/internal/boltfile"
)

// lockTimeout is how long Open waits for another process to release the
// file: long enough to ride out one that is closing, short enough that a
// second newsdesk says at once what is in the way.
const lockTimeout = time.Second

// root is the bucket holding one bucket per model key. Models live under a
// root bucket, not at the top level, so Keep can drop every other model
// without knowing their names and without touching anything else the file
// may hold one day.
var root = []byte("vectors")

// Cache is the persistent store of passage vectors: one bbolt file holding,
// for each model key, the vector of each passage content hash. It is safe
// for concurrent use: bbolt runs one write transaction at a time and reads
// alongside it.
type Cache struct {
	db        *bbolt.DB
	path      string
	recovered string
	damaged   atomic.Int64
}

// Open opens the cache file at path, creating it when it does not exist
// (its folder must).
//
// A file that is not a sound bbolt database (garbage, truncated, left
// half-written) is renamed to path.corrupt-<UTC time> and an empty cache
// is started in its place: the vectors can be recomputed, and the old file
// is kept for a post-mortem. Open then returns the new cache and no error,
// and Recovered says what it did, for the caller to log.
//
// When another process holds the file for longer than a second, Open
// returns an error matching index.ErrLocked. Other errors are about
// opening, reading or creating the file.
func Open(path string) (*Cache, error) {
	db, recovered, err := boltfile.Open(path, lockTimeout)
	if errors.Is(err, boltfile.ErrLocked) {
		return nil, &index.LockedError{Dir: filepath.Dir(path), Holder: "another process (it has " + filepath.Base(path) + " open)"}
	}
	if err != nil {
		return nil, fmt.Errorf("open vector cache %s: %w", path, err)
	}
	c := &Cache{db: db, path: path}
	if recovered != "" {
		c.recovered = "vector cache " + recovered
	}
	if err := c.db.Update(func(tx *bbolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(root)
		return err
	}); err != nil {
		c.db.Close()
		return nil, fmt.Errorf("open vector cache %s: create its root bucket: %w", path, err)
	}
	return c, nil
}

// Recovered returns what Open did about a damaged file, as a sentence for
// the log, or "" when the file was sound or new.
func (c *Cache) Recovered() string { return c.recovered }

// Damaged returns how many stored vectors Get has found damaged (the wrong
// length, a NaN, an infinity, all zeros) since Open. Get leaves them out
// of its result, so the caller embeds those passages again and its Put
// overwrites them; the count is for the log.
func (c *Cache) Damaged() int { return int(c.damaged.Load()) }

// Close releases the file. Calls after the first return nil; the other
// methods fail once it is closed.
func (c *Cache) Close() error {
	if err := c.db.Close(); err != nil {
		return fmt.Errorf("close vector cache %s: %w", c.path, err)
	}
	return nil
}
