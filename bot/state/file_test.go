package state

import (
	"context"
	"newsdesk/bot/internal/testkit"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFileClaimExpiresAfterADay(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC))
	st, err := OpenFile(t.TempDir(), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		after           time.Duration
		eventID, ch, ts string
		want            bool
	}{
		{0, "Ev1", "C1", "1.1", true},
		{time.Minute, "Ev1", "C1", "1.1", false},    // retry
		{time.Minute, "Ev2", "C1", "1.1", false},    // same message, other event
		{time.Minute, "Ev1", "C1", "1.2", false},    // same event ID
		{22 * time.Hour, "Ev1", "C1", "1.1", false}, // still within the day
		{2 * time.Hour, "Ev1", "C1", "1.1", true},   // expired: a day has passed
		{0, "", "C9", "", true},                     // nothing to compare
	}
	for i, s := range steps {
		clock.Add(s.after)
		got, err := st.Claim(ctx, s.eventID, s.ch, s.ts)
		if err != nil {
			t.Fatalf("step %d: Claim: %v", i, err)
		}
		if got != s.want {
			t.Errorf("step %d: Claim(%q, %q, %q) = %v; want %v", i, s.eventID, s.ch, s.ts, got, s.want)
		}
	}
}

func TestFileSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clock := testkit.NewClock(time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC))
	st, err := OpenFile(dir, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := st.Claim(ctx, "Ev1", "C1", "1.1"); !ok || err != nil {
		t.Fatalf("Claim: %v, %v", ok, err)
	}
	if err := st.RememberThread(ctx, "C1", "1.1", "first question"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.RecordVote(ctx, Vote{Question: "q", PassageID: "p1", Up: true, User: "U1"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Save(ctx, "digest", map[string]string{"2025-03-01": "posted"}); err != nil {
		t.Fatal(err)
	}

	again, err := OpenFile(dir, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := again.Claim(ctx, "Ev1", "C1", "1.1"); ok {
		t.Errorf("Claim after restart: got fresh; want duplicate")
	}
	if th, ok, _ := again.Thread(ctx, "C1", "1.1"); !ok || th.Question != "first question" {
		t.Errorf("Thread after restart: got %+v, %v; want first question", th, ok)
	}
	if v, _ := again.Votes(ctx); len(v) != 1 || v[0].PassageID != "p1" || !v[0].Up || v[0].User != "U1" {
		t.Errorf("Votes after restart: got %+v; want the one vote", v)
	}
	var digest map[string]string
	if ok, err := again.Load(ctx, "digest", &digest); !ok || err != nil || digest["2025-03-01"] != "posted" {
		t.Errorf("Load(digest): got %v, %v, %v; want the saved section", digest, ok, err)
	}
	if ok, err := again.Load(ctx, "missing", &digest); ok || err != nil {
		t.Errorf("Load(missing): got %v, %v; want false, nil", ok, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != FileName {
			t.Errorf("leftover file %s in the data folder; want only %s", e.Name(), FileName)
		}
	}
}

func TestFileBounded(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	m := map[string]time.Time{}
	for i := range 10 {
		m[string(rune('a'+i))] = now.Add(time.Duration(i) * time.Minute)
	}
	m["old"] = now.Add(-25 * time.Hour)
	expire(m, now.Add(10*time.Minute), seenTTL, 4)
	if len(m) != 4 {
		t.Fatalf("got %d entries; want 4", len(m))
	}
	for _, k := range []string{"g", "h", "i", "j"} {
		if _, ok := m[k]; !ok {
			t.Errorf("newest entry %q dropped; want the oldest ones dropped", k)
		}
	}

	st, err := OpenFile(t.TempDir(), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	st.maxVotes = 3
	for i := range 5 {
		if _, _, err := st.RecordVote(ctx, Vote{PassageID: string(rune('a' + i))}); err != nil {
			t.Fatal(err)
		}
	}
	var kept []string
	votes, _ := st.Votes(ctx)
	for _, v := range votes {
		kept = append(kept, v.PassageID)
	}
	if got := strings.Join(kept, ","); got != "c,d,e" {
		t.Errorf("got votes %s kept; want the newest 3: c,d,e", got)
	}
}

func TestFileCorruptFileIsAnError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := OpenFile(dir, nil)
	if err == nil || !strings.Contains(err.Error(), FileName) {
		t.Errorf("OpenState on a corrupt file: got %v; want an error naming %s", err, FileName)
	}
}

func TestWriteAtomicKeepsOldOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.json")
	if err := writeAtomic(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	// A folder in the way of the rename makes the write fail after the temp file.
	if err := writeAtomic(filepath.Join(dir, "missing", "f.json"), []byte("new")); err == nil {
		t.Errorf("write into a missing folder: got nil; want an error")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("got %q; want the old content kept", b)
	}
	if err := writeAtomic(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("got %q; want new", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("got %d files; want 1 (no temp files left)", len(entries))
	}
}

var _ Store = (*File)(nil)
