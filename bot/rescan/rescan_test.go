package rescan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/corpus"
	"newsdesk/index"
	"newsdesk/index/bleve"
)

// rescanRig runs the rescan loop on a real corpus folder and index, one
// pass per tick, and waits for each pass to finish.
type rescanRig struct {
	dir   string
	ix    *bleve.Index
	ticks chan time.Time
	done  chan error
	log   *bytes.Buffer
	fail  error // the next load fails with this
	mu    sync.Mutex
}

func newRescanRig(tb testing.TB) *rescanRig {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &rescanRig{dir: tb.TempDir(), ticks: make(chan time.Time), done: make(chan error), log: &bytes.Buffer{}}
	ix, err := bleve.Open(ctx, tb.TempDir(), bleve.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	r.ix = ix
	load := func(ctx context.Context) ([]corpus.Article, error) {
		r.mu.Lock()
		fail := r.fail
		r.fail = nil
		r.mu.Unlock()
		if fail != nil {
			return nil, fail
		}
		a, _, err := corpus.Load(ctx, r.dir)
		return a, err
	}
	log := slog.New(slog.NewTextHandler(r.log, nil))
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		loop(ctx, r.ticks, nil, nil, load, ix, log, func(_ index.Stats, err error) { r.done <- err })
	}()
	tb.Cleanup(func() {
		cancel()
		<-stopped // the loop ends on ctx.Done
		ix.Close()
	})
	return r
}

func (r *rescanRig) write(tb testing.TB, name, text string) {
	tb.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// pass triggers one rescan and returns its error.
func (r *rescanRig) pass() error {
	r.ticks <- time.Now()
	return <-r.done
}

func (r *rescanRig) cites(tb testing.TB, q, articleID string) bool {
	tb.Helper()
	hits, err := r.ix.Search(context.Background(), q, 5)
	if err != nil {
		tb.Fatal(err)
	}
	for _, h := range hits {
		if h.Passage.ArticleID == articleID {
			return true
		}
	}
	return false
}

func TestRescan(t *testing.T) {
	r := newRescanRig(t)
	r.write(t, "harbour.md", "# Harbour reopens\n\nThe harbour reopened on Monday after the storm.\n")
	if err := r.pass(); err != nil {
		t.Fatal(err)
	}
	if !r.cites(t, "harbour storm", "harbour") {
		t.Fatal("first article not citable after a rescan")
	}

	steps := []struct {
		name   string
		change func()
		query  string
		id     string
		cited  bool
	}{
		{name: "new article becomes citable", change: func() {
			r.write(t, "rail.md", "# Rail strike ends\n\nDrivers voted to end the rail strike.\n")
		}, query: "rail strike drivers", id: "rail", cited: true},
		{name: "removed article is never cited again", change: func() {
			os.Remove(filepath.Join(r.dir, "harbour.md"))
		}, query: "harbour storm", id: "harbour", cited: false},
		{name: "changed article is cited with its new text", change: func() {
			r.write(t, "rail.md", "# Rail strike ends\n\nDrivers accepted a pay offer of 5 percent.\n")
		}, query: "pay offer", id: "rail", cited: true},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			s.change()
			if err := r.pass(); err != nil {
				t.Fatal(err)
			}
			if got := r.cites(t, s.query, s.id); got != s.cited {
				t.Errorf("%q cites %s = %v; want %v", s.query, s.id, got, s.cited)
			}
		})
	}
	if got := len(r.ix.Articles()); got != 1 {
		t.Errorf("articles listed = %d; want 1 (the digest must not see the removed one)", got)
	}
}

func TestRescanErrorKeepsIndexAndLoop(t *testing.T) {
	r := newRescanRig(t)
	r.write(t, "rail.md", "# Rail strike ends\n\nDrivers voted to end the rail strike.\n")
	if err := r.pass(); err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	r.fail = errors.New("disk gone")
	r.mu.Unlock()
	if err := r.pass(); err == nil {
		t.Fatal("failed load reported no error")
	}
	if !r.cites(t, "rail strike", "rail") {
		t.Error("a failed load emptied the index")
	}
	r.write(t, "harbour.md", "# Harbour reopens\n\nThe harbour reopened on Monday after the storm.\n")
	if err := r.pass(); err != nil {
		t.Fatalf("pass after a failure: %v", err)
	}
	if !r.cites(t, "harbour storm", "harbour") {
		t.Error("the loop stopped rescanning after an error")
	}
	if !strings.Contains(r.log.String(), "disk gone") {
		t.Errorf("log = %q; want the load error logged", r.log.String())
	}
}

func TestRescanEndsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan struct{})
	go func() {
		Run(ctx, time.Hour, nil, func(context.Context) ([]corpus.Article, error) { return nil, nil }, nil, nil)
		close(ended)
	}()
	cancel()
	<-ended // a hang here fails the test by timeout
}

// healthStore is an Updater with a Health the test sets: it waits to be
// rebuilt until an Update succeeds, and its next update fails with fail.
type healthStore struct {
	mu      sync.Mutex
	health  error
	fail    error
	updates int
}

func (s *healthStore) Update(context.Context, []corpus.Article, func(int, int)) (index.Stats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates++
	if err := s.fail; err != nil {
		s.fail = nil
		return index.Stats{}, err
	}
	rebuilt := s.health != nil
	s.health = nil
	return index.Stats{Rebuilt: rebuilt}, nil
}

func (s *healthStore) Health() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.health
}

// TestRescanRebuildsSoon: a health check that finds the index waiting to be
// rebuilt runs a pass at once; one that finds it sound does not, nor does
// one after such a pass failed, until a pass succeeds.
func TestRescanRebuildsSoon(t *testing.T) {
	rebuilding := fmt.Errorf("%w from the corpus: it was damaged", index.ErrRebuilding)
	cases := []struct {
		name   string
		health error
		fail   error  // the first update fails with it
		events string // c: a health check, t: a tick
		passes int    // updates run for the events
	}{
		{"sound: checks run nothing", nil, nil, "cct", 1},
		{"waiting to be rebuilt: a check runs a pass", rebuilding, nil, "c", 1},
		{"rebuilt: later checks run nothing", rebuilding, nil, "cct", 2},
		{"the rebuild failed: checks wait", rebuilding, errors.New("disk full"), "cc", 1},
		{"the rebuild failed: the next tick tries again", rebuilding, errors.New("disk full"), "cct", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			s := &healthStore{health: c.health, fail: c.fail}
			ticks, checks := make(chan time.Time), make(chan time.Time)
			stopped := make(chan struct{})
			load := func(context.Context) ([]corpus.Article, error) { return nil, nil }
			go func() {
				defer close(stopped)
				loop(ctx, ticks, nil, checks, load, s, nil, nil)
			}()
			// The channels are unbuffered: the loop takes an event once it
			// has handled the one before, pass and all.
			for _, e := range c.events {
				if e == 't' {
					ticks <- time.Now()
				} else {
					checks <- time.Now()
				}
			}
			cancel() // the last event's pass, if any, still runs
			<-stopped
			if s.updates != c.passes {
				t.Errorf("events %q ran %d updates; want %d", c.events, s.updates, c.passes)
			}
		})
	}
}
