package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// FileName is the name of the state file inside the data folder.
const FileName = "slack-state.json"

// How long and how much the state remembers. Slack retries a delivery for
// minutes, not days, so a day of event IDs is plenty; threads stay
// follow-up-able for a week. The caps keep the file small however busy the
// workspace is.
const (
	seenTTL    = 24 * time.Hour
	threadTTL  = 7 * 24 * time.Hour
	maxSeen    = 50_000
	maxThreads = 10_000
	maxVotes   = 5_000
)

// stateData is the JSON document on disk.
type stateData struct {
	Version  int                        `json:"version"`
	Events   map[string]time.Time       `json:"events"`   // event_id → first seen
	Messages map[string]time.Time       `json:"messages"` // channel/ts → first seen
	Threads  map[string]Thread          `json:"threads"`  // channel/thread_ts → thread
	Votes    []Vote                     `json:"votes"`    // newest last, capped
	Up       int                        `json:"up_votes"`
	Down     int                        `json:"down_votes"`
	Extra    map[string]json.RawMessage `json:"extra,omitempty"` // sections owned by other parts of the bot
}

// File is the Store kept in one JSON file in the data folder. Every change
// is written atomically (temporary file, fsync, rename), so a crash
// mid-write leaves the previous version intact. A File is safe for
// concurrent use; open one per data folder and share it. It never blocks
// on anything but the local disk, so it does not watch the contexts its
// methods take.
type File struct {
	path     string
	now      func() time.Time
	maxVotes int // votes kept; the oldest are dropped

	mu   sync.Mutex
	data stateData
}

// OpenFile loads the state from FileName in dir (creating dir when
// missing); a missing file is an empty state. now is the clock used for
// expiry (nil means time.Now). It returns an error when the folder cannot be
// created or the file exists but cannot be read or parsed.
func OpenFile(dir string, now func() time.Time) (*File, error) {
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", dir, err)
	}
	s := &File{path: filepath.Join(dir, FileName), now: now, maxVotes: maxVotes}
	b, err := os.ReadFile(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("read state: %w", err)
	default:
		if err := json.Unmarshal(b, &s.data); err != nil {
			return nil, fmt.Errorf("parse state %s: %w", s.path, err)
		}
	}
	s.init()
	return s, nil
}

func (s *File) init() {
	d := &s.data
	d.Version = 1
	if d.Events == nil {
		d.Events = map[string]time.Time{}
	}
	if d.Messages == nil {
		d.Messages = map[string]time.Time{}
	}
	if d.Threads == nil {
		d.Threads = map[string]Thread{}
	}
	if d.Extra == nil {
		d.Extra = map[string]json.RawMessage{}
	}
}

// Claim implements Store. The claim is on disk before Claim returns; on a
// write error the claim still holds in memory and the error is returned.
func (s *File) Claim(_ context.Context, eventID, channel, ts string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.prune(now)
	msg := messageKey(channel, ts)
	if eventID != "" {
		if _, ok := s.data.Events[eventID]; ok {
			return false, nil
		}
	}
	if ts != "" {
		if _, ok := s.data.Messages[msg]; ok {
			return false, nil
		}
	}
	if eventID != "" {
		s.data.Events[eventID] = now
	}
	if ts != "" {
		s.data.Messages[msg] = now
	}
	return true, s.save()
}

// RememberThread implements Store; the thread is on disk when it returns.
func (s *File) RememberThread(_ context.Context, channel, threadTS, question string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := messageKey(channel, threadTS)
	if _, ok := s.data.Threads[k]; ok {
		return nil
	}
	s.data.Threads[k] = Thread{Question: question, At: s.now()}
	s.prune(s.now())
	return s.save()
}

// Thread implements Store: threads are kept for a week. It reads memory
// only and never fails.
func (s *File) Thread(_ context.Context, channel, threadTS string) (Thread, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.data.Threads[messageKey(channel, threadTS)]
	if !ok || s.now().Sub(t.At) >= threadTTL {
		return Thread{}, false, nil
	}
	return t, true, nil
}

// RecordVote implements Store. It keeps the newest 5,000 votes; the totals
// count every vote ever recorded.
func (s *File) RecordVote(_ context.Context, v Vote) (up, down int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v.At.IsZero() {
		v.At = s.now()
	}
	s.data.Votes = append(s.data.Votes, v)
	if n := len(s.data.Votes); n > s.maxVotes {
		s.data.Votes = slices.Clone(s.data.Votes[n-s.maxVotes:])
	}
	if v.Up {
		s.data.Up++
	} else {
		s.data.Down++
	}
	return s.data.Up, s.data.Down, s.save()
}

// Votes implements Store. It reads memory only and never fails.
func (s *File) Votes(context.Context) ([]Vote, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.data.Votes), nil
}

// Load implements Store.
func (s *File) Load(_ context.Context, section string, v any) (bool, error) {
	s.mu.Lock()
	raw, ok := s.data.Extra[section]
	s.mu.Unlock()
	if !ok {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("decode state section %s: %w", section, err)
	}
	return true, nil
}

// Save implements Store: v is JSON-encoded and the whole file is written
// atomically before Save returns. Sections share the one file without
// racing the Slack handlers' writes; the caller keeps its section small.
func (s *File) Save(_ context.Context, section string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode state section %s: %w", section, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.Extra[section] = raw
	return s.save()
}

// prune drops expired entries and enforces the caps. Callers hold s.mu.
func (s *File) prune(now time.Time) {
	expire(s.data.Events, now, seenTTL, maxSeen)
	expire(s.data.Messages, now, seenTTL, maxSeen)
	for k, t := range s.data.Threads {
		if now.Sub(t.At) >= threadTTL {
			delete(s.data.Threads, k)
		}
	}
	if over := len(s.data.Threads) - maxThreads; over > 0 {
		keys := make([]string, 0, len(s.data.Threads))
		for k := range s.data.Threads {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int { return s.data.Threads[a].At.Compare(s.data.Threads[b].At) })
		for _, k := range keys[:over] {
			delete(s.data.Threads, k)
		}
	}
}

// expire deletes entries older than ttl, then the oldest ones beyond limit.
func expire(m map[string]time.Time, now time.Time, ttl time.Duration, limit int) {
	for k, at := range m {
		if now.Sub(at) >= ttl {
			delete(m, k)
		}
	}
	if over := len(m) - limit; over > 0 {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int { return m[a].Compare(m[b]) })
		for _, k := range keys[:over] {
			delete(m, k)
		}
	}
}

// save writes the state file. Callers hold s.mu.
func (s *File) save() error {
	b, err := json.Marshal(&s.data)
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	if err := writeAtomic(s.path, b); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	return nil
}

func messageKey(channel, ts string) string { return channel + "/" + ts }
