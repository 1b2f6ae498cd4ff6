package bolt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"newsdesk/bot/state"
	"newsdesk/bot/state/statetest"
	"newsdesk/internal/testkit"

	bbolt "go.etcd.io/bbolt"
)

func TestStore(t *testing.T) {
	statetest.Run(t, func(t *testing.T, now func() time.Time) state.Store {
		return open(t, t.TempDir(), now, nil)
	})
}

func open(t testing.TB, dir string, now func() time.Time, log *slog.Logger) *Store {
	t.Helper()
	st, err := Open(dir, Options{Now: now, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var day0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

// A restart keeps the unfinished jobs, with their attempts, and ends the
// leases of the process that died.
func TestReopenKeepsQueue(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clock := testkit.NewClock(day0)
	st := open(t, dir, clock.Now, nil)
	for _, id := range []string{"Ev1", "Ev2"} {
		if _, err := st.Enqueue(ctx, state.Job{ID: id, Channel: "C1", Data: []byte(id)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := st.Take(ctx, time.Hour, nil); err != nil { // leased by the process that "dies"
		t.Fatal(err)
	}
	if err := st.RememberThread(ctx, "C1", "1.1", state.Thread{Question: "q"}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st = open(t, dir, clock.Now, nil)
	j, ok, err := st.Take(ctx, time.Hour, nil)
	if err != nil || !ok || j.ID != "Ev1" || j.Attempts != 2 || string(j.Data) != "Ev1" {
		t.Fatalf("Take after restart = %+v, %v, %v; want Ev1 on its second attempt", j, ok, err)
	}
	if fresh, _ := st.Enqueue(ctx, state.Job{ID: "Ev1"}); fresh {
		t.Error("a redelivery after restart was fresh; want it recognised")
	}
	if _, ok, _ := st.Thread(ctx, "C1", "1.1"); !ok {
		t.Error("the thread was forgotten across the restart")
	}
}

func TestOpenMigratesLegacyFileOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	recent := day0.Add(-time.Hour).Format(time.RFC3339)
	old := day0.Add(-48 * time.Hour).Format(time.RFC3339)
	legacy := `{"version":1,
		"events":{"Ev1":"` + recent + `","EvOld":"` + old + `"},
		"messages":{"C1/1.1":"` + recent + `"},
		"threads":{"C1/1.1":{"question":"first question","at":"` + recent + `"}},
		"votes":[{"question":"q","passage_id":"p","up":true,"user":"U1","at":"` + recent + `"}],
		"up_votes":7,"down_votes":2,
		"extra":{"digest":{"mark":null,"days":{}}}}`
	if err := os.WriteFile(filepath.Join(dir, state.LegacyFileName), []byte(legacy), 0o644); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "."+state.LegacyFileName+".123.tmp")
	if err := os.WriteFile(tmp, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	clock := testkit.NewClock(day0)
	st := open(t, dir, clock.Now, slog.New(slog.NewTextHandler(&logs, nil)))

	claims := []struct {
		keys []string
		want bool
	}{{[]string{"Ev1"}, false}, {[]string{"C1/1.1"}, false}, {[]string{"EvOld"}, true}}
	for _, c := range claims {
		if got, err := st.Claim(ctx, c.keys...); err != nil || got != c.want {
			t.Errorf("Claim(%v) after migration = %v, %v; want %v", c.keys, got, err, c.want)
		}
	}
	if th, ok, _ := st.Thread(ctx, "C1", "1.1"); !ok || th.Question != "first question" {
		t.Errorf("thread after migration = %+v, %v", th, ok)
	}
	up, down, err := st.RecordVote(ctx, state.Vote{Question: "q", PassageID: "p", User: "U1", Up: true})
	if err != nil || up != 7 || down != 2 {
		t.Errorf("totals after migration and a repeated vote = %d, %d, %v; want 7, 2", up, down, err)
	}
	var section map[string]any
	if ok, err := st.Load(ctx, "digest", &section); !ok || err != nil {
		t.Errorf("digest section after migration: %v, %v", ok, err)
	}
	if _, err := os.Stat(filepath.Join(dir, state.LegacyFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the legacy file is still in place (%v); want it renamed", err)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the leftover temporary file is still there (%v)", err)
	}
	if !strings.Contains(logs.String(), "migrated") {
		t.Errorf("log = %q; want the migration reported", logs.String())
	}
	st.Close()

	// A legacy file that turns up again is not imported a second time.
	if err := os.WriteFile(filepath.Join(dir, state.LegacyFileName), []byte(legacy), 0o644); err != nil {
		t.Fatal(err)
	}
	st = open(t, dir, clock.Now, nil)
	if _, err := os.Stat(filepath.Join(dir, state.LegacyFileName)); err != nil {
		t.Errorf("the second legacy file was touched: %v", err)
	}
}

func TestOpenSurvivesDamage(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		write []byte
		want  string // in the log
	}{
		{"damaged database", FileName, bytes.Repeat([]byte("garbage!"), 4096), "damaged"},
		{"truncated database", FileName, []byte{1, 2, 3}, "damaged"},
		{"corrupt legacy file", state.LegacyFileName, []byte(`{"events": {"Ev1": `), "damaged"},
		{"legacy file of the wrong shape", state.LegacyFileName, []byte(`[1,2,3]`), "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.file), tt.write, 0o644); err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			st := open(t, dir, nil, slog.New(slog.NewTextHandler(&logs, nil)))
			if fresh, err := st.Claim(context.Background(), "Ev1"); err != nil || !fresh {
				t.Errorf("Claim on the new state = %v, %v; want a fresh state", fresh, err)
			}
			if !strings.Contains(logs.String(), tt.want) {
				t.Errorf("log = %q; want it to say the file was %s", logs.String(), tt.want)
			}
			asides, _ := filepath.Glob(filepath.Join(dir, tt.file+".corrupt-*"))
			if len(asides) != 1 {
				t.Errorf("moved aside: %v; want the damaged file kept under one new name", asides)
			}
		})
	}
}

func TestOpenLocked(t *testing.T) {
	dir := t.TempDir()
	open(t, dir, nil, nil)
	_, err := Open(dir, Options{})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "serve") {
		t.Errorf("second Open: %v; want ErrLocked naming the running serve", err)
	}
}

// Expired keys are dropped as new ones arrive, so the database stays the
// size of a day's events.
func TestSeenKeysExpire(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(day0)
	st := open(t, t.TempDir(), clock.Now, nil)
	for i := range 100 {
		if _, err := st.Claim(ctx, fmt.Sprint("old", i)); err != nil {
			t.Fatal(err)
		}
	}
	clock.Add(state.SeenTTL)
	for i := range 20 {
		if _, err := st.Claim(ctx, fmt.Sprint("new", i)); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := st.db.View(func(tx *bbolt.Tx) error { n = tx.Bucket(bSeen).Stats().KeyN; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 20 {
		t.Errorf("%d keys stored; want the 20 of the last day", n)
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkEvent is the cost of one event's round trip through the state
// (enqueue, take, finish) with a day's worth of events remembered: the
// wall time (mostly waiting for fsync; concurrent events share a commit)
// and the CPU time, reported as cpu-ns/op.
func BenchmarkEvent(b *testing.B) {
	for _, remembered := range []int{100, 50_000} {
		b.Run(fmt.Sprint("remembered=", remembered), func(b *testing.B) {
			ctx := context.Background()
			st := open(b, b.TempDir(), nil, nil)
			for i := 0; i < remembered; i += 1000 {
				if err := st.db.Update(func(tx *bbolt.Tx) error {
					for k := i; k < min(i+1000, remembered); k++ {
						if err := remember(tx, []string{fmt.Sprint("Ev", k), fmt.Sprint("C1/", k)}, time.Now()); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			cpu := cpuTime()
			defer func() { b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op") }()
			for i := range b.N {
				id := fmt.Sprint("New", i)
				if _, err := st.Enqueue(ctx, state.Job{ID: id, Keys: []string{id, "C2/" + id}, Channel: "C2", Data: []byte(`{"text":"How much will the ferry cost?"}`)}); err != nil {
					b.Fatal(err)
				}
				j, ok, err := st.Take(ctx, time.Minute, nil)
				if err != nil || !ok {
					b.Fatal(ok, err)
				}
				if err := st.Finish(ctx, j.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
