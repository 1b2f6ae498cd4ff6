package fswatch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"newsdesk/bot/rescan"
	"newsdesk/corpus"
	"newsdesk/index/bleve"
)

// hangGuard bounds a wait that should end almost at once; it is not a
// measure of speed.
const hangGuard = 20 * time.Second

func TestWatchSignalsChanges(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes, err := watch(ctx, dir, 20*time.Millisecond, nil)
	if err != nil {
		t.Skipf("cannot watch here: %v", err)
	}
	steps := []struct {
		name string
		do   func() error // repeated until a change is signalled: the first may land before the watch is set
	}{
		{"new file", func() error { return os.WriteFile(filepath.Join(dir, "a.txt"), []byte("A\n\nText.\n"), 0o644) }},
		{"new folder", func() error { return os.MkdirAll(filepath.Join(dir, "sub"), 0o755) }},
		{"file in the new folder", func() error {
			return os.WriteFile(filepath.Join(dir, "sub", "b.txt"), []byte("B\n\nText.\n"), 0o644)
		}},
		{"removed file", func() error { return os.RemoveAll(filepath.Join(dir, "a.txt")) }},
	}
	for _, s := range steps {
		expectChange(t, s.name, changes, s.do)
	}
}

// expectChange does do until changes signals, failing after hangGuard.
func expectChange(t *testing.T, name string, changes <-chan time.Time, do func() error) {
	t.Helper()
	deadline := time.After(hangGuard)
	for {
		if err := do(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		select {
		case <-changes:
			return
		case <-time.After(500 * time.Millisecond):
		case <-deadline:
			t.Fatalf("%s: no change signalled", name)
		}
	}
}

func TestWatchRescanIndexesDroppedFile(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	changes, err := watch(ctx, dir, 50*time.Millisecond, nil)
	if err != nil {
		t.Skipf("cannot watch here: %v", err) // rescan.Run would fall back to the hour-long interval
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("harbour.txt", "Harbour plan approved\n\nThe council approved the harbour plan.\n")
	ix, err := bleve.Open(ctx, t.TempDir(), bleve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	load := func(ctx context.Context) ([]corpus.Article, error) {
		a, _, err := corpus.Load(ctx, dir)
		return a, err
	}
	first, _ := load(ctx)
	if _, err := ix.Update(ctx, first, nil); err != nil {
		t.Fatal(err)
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		rescan.Run(ctx, time.Hour, changes, load, ix, nil) // the hour never passes: only the watcher triggers
	}()
	deadline := time.Now().Add(hangGuard)
	for ix.Len() != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("the dropped file was not indexed (%d articles)", ix.Len())
		}
		// Written again until indexed: the first write may come before the
		// watcher has started.
		write("rail.txt", "Rail strike called off\n\nUnions called off the rail strike.\n")
		time.Sleep(300 * time.Millisecond)
	}
	cancel()
	<-done
}
