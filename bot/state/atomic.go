package state

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeAtomic replaces path with data so that readers and a crash at
// any moment see either the old or the new content: it writes a temporary
// file in the same folder, fsyncs it, renames it over path and fsyncs the
// folder. It returns the first error met; the temporary file is removed on
// failure.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("sync %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("rename to %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		// Directory fsync makes the rename durable; some file systems refuse it,
		// and the data itself is already safe, so its error is not fatal.
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
