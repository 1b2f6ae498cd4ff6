package fswatch

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// debounce is how long the corpus folder must be quiet after a change
// before Watch signals it.
const debounce = 2 * time.Second

// Watch watches dir and its subfolders until ctx is done and sends on the
// returned channel once the folder has been quiet for a couple of seconds
// after a change to a file that is not hidden: a file being copied in fires
// many events, and a rescan halfway through would index half an article.
// Hand the channel to rescan.Run. It returns an error when dir cannot be
// watched (too many watches, a network file system); the caller then
// rescans on its interval alone. log may be nil.
func Watch(ctx context.Context, dir string, log *slog.Logger) (<-chan time.Time, error) {
	return watch(ctx, dir, debounce, log)
}

// watch is Watch with the quiet time as a parameter. The watcher closes
// when ctx is done.
func watch(ctx context.Context, dir string, debounce time.Duration, log *slog.Logger) (<-chan time.Time, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := addTree(w, dir); err != nil {
		w.Close()
		return nil, err
	}
	out := make(chan time.Time, 1)
	go func() { // owned by ctx: ends with it, closing the watcher
		defer w.Close()
		forward(ctx, w, out, debounce, log)
	}()
	return out, nil
}

// addTree watches root and every folder under it that is not hidden.
func addTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable parts are the loader's to report
		}
		if d.IsDir() {
			if path != root && hidden(d.Name()) {
				return filepath.SkipDir
			}
			return w.Add(path)
		}
		return nil
	})
}

// forward reads w's events until ctx is done or w closes, and signals on
// out (without ever blocking) once the folder has been quiet for debounce
// after a change, or at once when events were lost. New folders are
// watched as they appear.
func forward(ctx context.Context, w *fsnotify.Watcher, out chan<- time.Time, debounce time.Duration, log *slog.Logger) {
	signal := func(now time.Time) {
		select {
		case out <- now:
		default: // a rescan is already due
		}
	}
	var quiet *time.Timer
	var fire <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if hidden(filepath.Base(ev.Name)) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					if err := addTree(w, ev.Name); err != nil {
						log.Warn("cannot watch new folder", "dir", ev.Name, "err", err)
					}
				}
			}
			if quiet == nil {
				quiet = time.NewTimer(debounce)
			} else {
				quiet.Reset(debounce)
			}
			fire = quiet.C
		case now := <-fire:
			fire = nil
			signal(now)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				log.Warn("corpus folder changed faster than it could be watched; rescanning", "err", err)
				signal(time.Now())
				continue
			}
			log.Warn("watching the corpus folder", "err", err)
		}
	}
}

// hidden reports whether a file or folder name is hidden (".git", ".~tmp").
func hidden(name string) bool { return strings.HasPrefix(name, ".") }
