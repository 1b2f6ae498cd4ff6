package bot

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

// watchDebounce is how long the corpus folder must be quiet after a change
// before a rescan: a file being copied in fires many events, and a rescan
// halfway through would index half an article.
const watchDebounce = 2 * time.Second

// RescanWatching is Rescan that also watches dir: a file added, changed or
// removed in the corpus folder starts a rescan a couple of seconds later
// instead of at the next interval. When the folder cannot be watched (too
// many watches, a network file system), it logs why and rescans on the
// interval alone. It returns when ctx is done.
func RescanWatching(ctx context.Context, interval time.Duration, dir string, load CorpusLoader, ix Updater, log *slog.Logger) {
	rescanWatching(ctx, interval, dir, watchDebounce, load, ix, log)
}

func rescanWatching(ctx context.Context, interval time.Duration, dir string, debounce time.Duration, load CorpusLoader, ix Updater, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if interval <= 0 {
		interval = 5 * time.Minute
	}
	ticks := make(chan time.Time)
	changes, err := watchDir(ctx, dir, debounce, log)
	if err != nil {
		log.Warn("not watching the corpus folder; rescanning every interval only", "dir", dir, "err", err)
	}
	go func() { // owned by ctx: ends with it
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			var now time.Time
			select {
			case <-ctx.Done():
				return
			case now = <-t.C:
			case now = <-changes: // nil when not watching: never ready
			}
			select {
			case ticks <- now:
			case <-ctx.Done():
				return
			}
		}
	}()
	rescan(ctx, ticks, load, ix, log, nil)
}

// watchDir watches dir and its subfolders and sends on the returned channel
// once the folder has been quiet for debounce after a change to a file that
// is not hidden. The watcher closes when ctx is done.
func watchDir(ctx context.Context, dir string, debounce time.Duration, log *slog.Logger) (<-chan time.Time, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	add := func(root string) error {
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
	if err := add(dir); err != nil {
		w.Close()
		return nil, err
	}
	out := make(chan time.Time, 1)
	go func() { // owned by ctx: ends with it, closing the watcher
		defer w.Close()
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
						if err := add(ev.Name); err != nil {
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
				select {
				case out <- now:
				default: // a rescan is already due
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				if errors.Is(err, fsnotify.ErrEventOverflow) {
					log.Warn("corpus folder changed faster than it could be watched; rescanning", "err", err)
					select {
					case out <- time.Now():
					default:
					}
					continue
				}
				log.Warn("watching the corpus folder", "err", err)
			}
		}
	}()
	return out, nil
}

func hidden(name string) bool { return strings.HasPrefix(name, ".") }
