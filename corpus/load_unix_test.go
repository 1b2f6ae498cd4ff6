//go:build unix

package corpus

import (
	"context"
	"maps"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestLoadSpecialFiles checks that named pipes, which block a reader until
// a writer comes, are skipped without being opened, also behind a symlink.
func TestLoadSpecialFiles(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "good.txt", []byte("Good headline\n\nA good paragraph."))
	if err := syscall.Mkfifo(filepath.Join(root, "pipe.txt"), 0o644); err != nil {
		t.Skipf("named pipes not supported here: %v", err)
	}
	symlink(t, "pipe.txt", filepath.Join(root, "alias.txt"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	type loaded struct {
		articles []Article
		report   Report
		err      error
	}
	done := make(chan loaded, 1)
	go func() {
		a, r, err := Load(ctx, root)
		done <- loaded{a, r, err}
	}()
	var got loaded
	select {
	case got = <-done:
	case <-ctx.Done():
		t.Fatal("Load blocked on a named pipe")
	}
	if got.err != nil {
		t.Fatalf("Load: %v", got.err)
	}
	if len(got.articles) != 1 || got.articles[0].ID != "good" {
		t.Errorf("got articles %q; want [good]", ids(got.articles))
	}
	want := map[string]string{"pipe.txt": "not a regular file", "alias.txt": "not a regular file"}
	if skips := skipMap(got.report.Skipped); !maps.Equal(skips, want) {
		t.Errorf("Skipped: got %q; want %q", skips, want)
	}
}
