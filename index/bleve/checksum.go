package bleve

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// fileSegment is a zap segment that scorch has written to a file and
// mapped: its file's last four bytes are the CRC-32 (IEEE) of everything
// before them, as every zap version writes it. zap never checks it when it
// reads.
type fileSegment interface {
	Path() string
}

// checked remembers the segment files that passed their checksum, by
// size and modification time, so that a segment is read once a process
// rather than before every update: zap never rewrites a segment file.
// A file changed within racyWindow of its check is not remembered, since
// a change in the same tick of the file system's clock keeps its time.
// The zero value is ready to use; a nil *checked remembers nothing.
type checked struct {
	mu sync.Mutex
	ok map[string]segmentStamp
}

type segmentStamp struct {
	size  int64
	mtime time.Time
}

// racyWindow is how recent a segment's modification time may be for a
// check to be remembered.
const racyWindow = 2 * time.Second

// checkSegments checks every segment file of idx against the checksum in
// its footer, and returns an error naming the first that fails. Segments
// still in memory have no file and are not checked, nor are those c
// remembers unchanged. It reads each file through a small buffer, not
// through bleve's mapping, so the check adds nothing to the process's
// resident memory (about 15 MB for the BBC corpus, 165 MB for 25,000
// articles; a few milliseconds a 10 MB when the files are in the page
// cache).
func checkSegments(idx blevesearch.Index, c *checked) error {
	return withSegments(idx, func(segs []*scorch.SegmentSnapshot) error {
		buf := make([]byte, 1<<20)
		for _, s := range segs {
			seg, ok := s.Segment().(fileSegment)
			if !ok {
				continue
			}
			if err := c.check(seg.Path(), buf); err != nil {
				return err
			}
		}
		return nil
	})
}

// withSegments calls fn with the segments of idx's current snapshot,
// which stay in use until fn returns (a merge does not remove their
// files). An index that is not scorch (nothing newsdesk writes) has none.
func withSegments(idx blevesearch.Index, fn func([]*scorch.SegmentSnapshot) error) error {
	adv, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("open index reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("open index reader: %w", err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return fn(nil)
	}
	return fn(snap.Segments())
}

// forget drops what c remembers, for an index replaced by a new one.
func (c *checked) forget() {
	c.mu.Lock()
	c.ok = nil
	c.mu.Unlock()
}

// check checks the segment file at path unless c remembers it unchanged.
func (c *checked) check(path string, buf []byte) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open segment %s: %w", filepath.Base(path), err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open segment %s: %w", filepath.Base(path), err)
	}
	st := segmentStamp{fi.Size(), fi.ModTime()}
	if c != nil {
		c.mu.Lock()
		seen, ok := c.ok[path]
		c.mu.Unlock()
		if ok && seen == st {
			return nil
		}
	}
	if err := checkFile(f, fi.Size(), buf); err != nil {
		return fmt.Errorf("segment %s %w", filepath.Base(path), err)
	}
	if c != nil && time.Since(st.mtime) > racyWindow {
		c.mu.Lock()
		if c.ok == nil {
			c.ok = map[string]segmentStamp{}
		}
		c.ok[path] = st
		c.mu.Unlock()
	}
	return nil
}

// checkFile reads the size bytes of f and checks its last four, the
// footer, against the CRC-32 of the rest.
func checkFile(f io.Reader, size int64, buf []byte) error {
	if size < 4 {
		return fmt.Errorf("is %d bytes long", size)
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyBuffer(h, io.LimitReader(f, size-4), buf); err != nil {
		return fmt.Errorf("cannot be read: %w", err)
	}
	var footer [4]byte
	if _, err := io.ReadFull(f, footer[:]); err != nil {
		return fmt.Errorf("is shorter than it was (%w)", err)
	}
	if got, want := h.Sum32(), binary.BigEndian.Uint32(footer[:]); got != want {
		return fmt.Errorf("fails its checksum (CRC-32 %08x; its footer says %08x)", got, want)
	}
	return nil
}
