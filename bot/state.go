package bot

import (
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

// StateFile is the name of the bot's state file inside the data folder.
const StateFile = "slack-state.json"

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

// Vote is one click on a 👍 or 👎 button under an answer.
type Vote struct {
	Question  string    `json:"question"`
	PassageID string    `json:"passage_id"`
	Up        bool      `json:"up"`
	User      string    `json:"user"`
	At        time.Time `json:"at"`
}

// Thread is a thread the bot has answered in, with the question that
// started it.
type Thread struct {
	Question string    `json:"question"`
	At       time.Time `json:"at"`
}

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

// State is the bot's durable memory in the data folder: which events and
// messages it has already handled, which threads it answered, and the
// feedback it got. Every change is written atomically (temporary file,
// fsync, rename), so a crash mid-write leaves the previous version intact.
// A State is safe for concurrent use; open one per data folder and share it.
type State struct {
	path     string
	now      func() time.Time
	maxVotes int // votes kept; the oldest are dropped

	mu   sync.Mutex
	data stateData
}

// OpenState loads the state from dir (creating dir when missing); a missing
// file is an empty state. now is the clock used for expiry (nil means
// time.Now). It returns an error when the folder cannot be created or the
// file exists but cannot be read or parsed.
func OpenState(dir string, now func() time.Time) (*State, error) {
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", dir, err)
	}
	s := &State{path: filepath.Join(dir, StateFile), now: now, maxVotes: maxVotes}
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

func (s *State) init() {
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

// Path returns the state file's path.
func (s *State) Path() string { return s.path }

// Claim records that the event eventID about message (channel, ts) is being
// handled. It reports false when either was seen in the last day: a Slack
// retry, a second delivery, or the same message arriving as both app_mention
// and message. Empty IDs are not checked. The claim is on disk before Claim
// returns; on a write error the claim still holds in memory and the error is
// returned.
func (s *State) Claim(eventID, channel, ts string) (bool, error) {
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

// Seen reports whether the event ID was claimed within the last day.
func (s *State) Seen(eventID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.data.Events[eventID]
	return ok && s.now().Sub(at) < seenTTL
}

// RememberThread records that the bot answered in thread (channel,
// threadTS), started by question. An existing thread keeps its first
// question.
func (s *State) RememberThread(channel, threadTS, question string) error {
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

// Thread returns the thread (channel, threadTS) when the bot answered in it
// within the last week.
func (s *State) Thread(channel, threadTS string) (Thread, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.data.Threads[messageKey(channel, threadTS)]
	if !ok || s.now().Sub(t.At) >= threadTTL {
		return Thread{}, false
	}
	return t, true
}

// RecordVote stores a feedback click and returns the running totals.
func (s *State) RecordVote(v Vote) (up, down int, err error) {
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

// Votes returns a copy of the recorded feedback, oldest first.
func (s *State) Votes() []Vote {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.data.Votes)
}

// Load decodes the named section that another part of the bot stored with
// Save into v. It reports false when the section does not exist.
func (s *State) Load(section string, v any) (bool, error) {
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

// Save stores v (JSON-encoded) as the named section and writes the state
// file atomically before returning. Sections let other features (the daily
// digest) keep their durable state in the same file without racing the
// Slack handlers' writes. The caller keeps its section small.
func (s *State) Save(section string, v any) error {
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
func (s *State) prune(now time.Time) {
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
func (s *State) save() error {
	b, err := json.Marshal(&s.data)
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	if err := WriteFileAtomic(s.path, b); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	return nil
}

func messageKey(channel, ts string) string { return channel + "/" + ts }

// WriteFileAtomic replaces path with data so that readers and a crash at
// any moment see either the old or the new content: it writes a temporary
// file in the same folder, fsyncs it, renames it over path and fsyncs the
// folder. It returns the first error met; the temporary file is removed on
// failure.
func WriteFileAtomic(path string, data []byte) (err error) {
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
