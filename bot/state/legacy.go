package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LegacyFileName is the JSON file earlier versions of newsdesk kept their
// state in, inside the data folder. A Store migrates it once, with
// ReadLegacy, and renames it with RetireLegacy.
const LegacyFileName = "slack-state.json"

// Legacy is what a LegacyFileName file holds.
type Legacy struct {
	Events   map[string]time.Time       `json:"events"`   // event_id → first seen
	Messages map[string]time.Time       `json:"messages"` // channel/ts → first seen
	Threads  map[string]Thread          `json:"threads"`  // channel/thread_ts → thread
	Votes    []Vote                     `json:"votes"`    // oldest first
	Up       int                        `json:"up_votes"`
	Down     int                        `json:"down_votes"`
	Extra    map[string]json.RawMessage `json:"extra,omitempty"` // named sections
}

// maxLegacyFile bounds the legacy file ReadLegacy parses: earlier versions
// capped it well below this, so a larger file is not theirs.
const maxLegacyFile = 256 << 20

// ReadLegacy reads the legacy state file in dir. found is false when there
// is none. A file that cannot be parsed (or is implausibly large) is an
// error matching ErrDamagedLegacy: the caller moves it aside and starts
// without it. Leftover temporary files of an interrupted write are removed.
func ReadLegacy(dir string) (l Legacy, found bool, err error) {
	path := filepath.Join(dir, LegacyFileName)
	removeTemporary(dir)
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Legacy{}, false, nil
	case err != nil:
		return Legacy{}, false, fmt.Errorf("read %s: %w", path, err)
	case fi.Size() > maxLegacyFile:
		return Legacy{}, true, fmt.Errorf("read %s: %w: %d bytes", path, ErrDamagedLegacy, fi.Size())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Legacy{}, false, fmt.Errorf("read %s: %w", path, err)
	}
	if err := json.Unmarshal(b, &l); err != nil {
		return Legacy{}, true, fmt.Errorf("read %s: %w: %v", path, ErrDamagedLegacy, err)
	}
	return l, true, nil
}

// ErrDamagedLegacy marks a legacy state file that cannot be read as one.
var ErrDamagedLegacy = errors.New("not a readable newsdesk state file")

// RetireLegacy renames the legacy file in dir once its content is kept
// elsewhere (suffix "migrated") or found damaged (suffix "corrupt"), and
// returns the new name.
func RetireLegacy(dir, suffix string, now time.Time) (string, error) {
	path := filepath.Join(dir, LegacyFileName)
	to := path + "." + suffix + "-" + now.UTC().Format("20060102T150405Z")
	if err := os.Rename(path, to); err != nil {
		return "", fmt.Errorf("rename %s: %w", path, err)
	}
	return to, nil
}

// removeTemporary deletes what an interrupted write of the legacy file
// left: ".slack-state.json.*.tmp".
func removeTemporary(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, "."+LegacyFileName+".") && strings.HasSuffix(n, ".tmp") {
			_ = os.Remove(filepath.Join(dir, n))
		}
	}
}
