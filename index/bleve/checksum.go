package bleve

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"path/filepath"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// fileSegment is a zap segment that scorch has written to a file and
// mapped: Data is the whole file, whose last four bytes are the CRC-32
// (IEEE) of everything before them, as every zap version writes it. zap
// never checks it when it reads.
type fileSegment interface {
	Path() string
	Data() []byte
}

// checkSegments checks every segment file of idx against the checksum in
// its footer, and returns an error naming the first that fails. Segments
// still in memory have no file and are not checked. It reads every mapped
// byte once (about 15 MB for the BBC corpus, a few milliseconds when the
// files are in the page cache); a segment file truncated under its mapping
// faults, which the caller's guard turns into an error.
func checkSegments(idx blevesearch.Index) error {
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
		return nil // not scorch: nothing newsdesk writes
	}
	for _, s := range snap.Segments() {
		seg, ok := s.Segment().(fileSegment)
		if !ok {
			continue
		}
		data := seg.Data()
		if len(data) < 4 {
			return fmt.Errorf("segment %s is %d bytes long", filepath.Base(seg.Path()), len(data))
		}
		body, footer := data[:len(data)-4], data[len(data)-4:]
		if got, want := crc32.ChecksumIEEE(body), binary.BigEndian.Uint32(footer); got != want {
			return fmt.Errorf("segment %s fails its checksum (CRC-32 %08x; its footer says %08x)", filepath.Base(seg.Path()), got, want)
		}
	}
	return nil
}
