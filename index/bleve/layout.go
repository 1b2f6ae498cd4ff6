package bleve

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// legacyMove is where migrate parks an index of the earlier layout between
// its two renames, so a crash between them is finished by the next Open.
const legacyMove = "index.legacy"

// migrate moves an index of the earlier layout, one index right in
// dataDir/index, to dataDir/index/name, the folder of the corpus being
// opened. It runs under the data folder's lock, so no process is using
// the index it moves. Each step is a rename: a crash at any point leaves
// either the old layout or dataDir/index.legacy, which the next call
// finishes moving.
func migrate(dataDir, name string) error {
	if name == "." || name == ".." || filepath.Base(name) != name {
		return fmt.Errorf("index name %q: want one folder name, without separators", name)
	}
	root := filepath.Join(dataDir, "index")
	parked := filepath.Join(dataDir, legacyMove)
	if legacyIndex(root) {
		if err := os.Rename(root, parked); err != nil {
			return fmt.Errorf("move the index of the earlier layout aside: %w", err)
		}
	}
	if _, err := os.Stat(parked); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("create index folder: %w", err)
	}
	target := filepath.Join(root, name)
	if _, err := os.Stat(target); err == nil {
		// The corpus already has its own index (a crash after a copy by
		// hand, say): keep it, and the earlier one for whoever wants it.
		return nil
	}
	if err := os.Rename(parked, target); err != nil {
		return fmt.Errorf("move the index of the earlier layout to %s: %w", target, err)
	}
	return nil
}

// legacyIndex reports whether dir is a bleve index itself (the earlier
// layout), rather than a folder of per-corpus indexes.
func legacyIndex(dir string) bool {
	for _, f := range []string{"index_meta.json", "store"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return true
		}
	}
	return false
}
