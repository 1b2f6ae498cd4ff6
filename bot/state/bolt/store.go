package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	bbolt "go.etcd.io/bbolt"

	"newsdesk/bot/state"
	"newsdesk/internal/boltfile"
)

// FileName is the name of the state database inside the data folder.
const FileName = "state.db"

// lockTimeout is how long Open waits for another process to release the
// file before saying which one is in the way.
const lockTimeout = time.Second

// ErrLocked is returned by Open when another process (a running `serve`)
// has the state database open.
var ErrLocked = boltfile.ErrLocked

// Buckets. Each "…At" bucket indexes its partner by time (8 bytes of Unix
// nanoseconds, big-endian, then the key), so that expiry and caps drop the
// oldest entries a few at a time, at a cost that does not grow with the
// number remembered.
var (
	bSeen      = []byte("seen")       // key → time first seen
	bSeenAt    = []byte("seen_at")    // time+key
	bJobs      = []byte("jobs")       // sequence → job, in the order Take hands them out
	bJobIDs    = []byte("job_ids")    // job ID → sequence
	bThreads   = []byte("threads")    // channel/thread_ts → state.Thread
	bThreadsAt = []byte("threads_at") // time+key
	bVotes     = []byte("votes")      // user, answer → state.Vote
	bVotesAt   = []byte("votes_at")   // time+key
	bSections  = []byte("sections")   // name → JSON
	bMeta      = []byte("meta")       // counters and markers

	allBuckets = [][]byte{bSeen, bSeenAt, bJobs, bJobIDs, bThreads, bThreadsAt, bVotes, bVotesAt, bSections, bMeta}
)

// Counters and markers in bMeta.
var (
	mSeen     = []byte("seen")
	mThreads  = []byte("threads")
	mVotes    = []byte("votes")
	mJobs     = []byte("jobs")
	mUp       = []byte("up")
	mDown     = []byte("down")
	mMigrated = []byte("legacy_migrated")
)

// pruneStep is how many expired or surplus entries one write drops: more
// than one write adds, so the sets shrink back to their caps.
const pruneStep = 16

// maxScan bounds how many queued jobs one Take looks at to find one that is
// due, not leased and preferably in a free channel.
const maxScan = 1024

// Options configure Open.
type Options struct {
	Now    func() time.Time // clock for expiry and job times; nil means time.Now
	Logger *slog.Logger     // where migration and recovery are reported; nil discards
}

// Store is state.Store in one bbolt file in the data folder. Each call is
// one transaction; concurrent writes that arrive together share one commit
// (and one fsync). Job leases are kept in memory: one process holds the
// file at a time, so a restart ends them all. A Store is safe for
// concurrent use.
type Store struct {
	db  *bbolt.DB
	now func() time.Time

	mu     sync.Mutex
	leases map[string]jobLease // job ID → its lease
	named  map[string]lease    // Lease's leases, by name
}

// lease is a named lease's holder and the end of its time.
type lease struct {
	holder string
	until  time.Time
}

var _ state.Store = (*Store)(nil)

// Open opens the state database FileName in dir, creating dir and the file
// when missing. A damaged file is moved aside with a warning in the log and
// an empty state started: the bot loses its memory of which events it
// handled, never its ability to start. A state.LegacyFileName file in dir
// is migrated into the database once and renamed; a damaged one is renamed
// and skipped, with a warning. Open returns an error matching ErrLocked
// when another process has the database open, and others when the folder
// or file cannot be created or read.
func Open(dir string, opts Options) (*Store, error) {
	now, log := opts.Now, opts.Logger
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	db, recovered, err := boltfile.Open(path, lockTimeout)
	if errors.Is(err, boltfile.ErrLocked) {
		return nil, fmt.Errorf("open state %s: %w (a running `newsdesk serve` holds it)", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	if recovered != "" {
		log.Warn("state " + recovered + "; the events seen before, and any questions acknowledged and not yet answered, are lost")
	}
	s := &Store{db: db, now: now, leases: map[string]jobLease{}, named: map[string]lease{}}
	if err := db.Update(func(tx *bbolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: create buckets: %w", path, err)
	}
	if err := s.migrate(dir, log); err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	return s, nil
}

// Close releases the file. The other methods fail once it is closed.
func (s *Store) Close() error { return s.db.Close() }

// Enqueue implements state.Store.
func (s *Store) Enqueue(ctx context.Context, j state.Job) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("enqueue %s: %w", j.ID, err)
	}
	switch {
	case j.ID == "":
		return false, errors.New("enqueue: a job needs an ID")
	case len(j.Data) > state.MaxJobData:
		return false, fmt.Errorf("enqueue %s: %w: %d bytes of data, at most %d", j.ID, state.ErrTooLarge, len(j.Data), state.MaxJobData)
	}
	keys := j.Keys
	if len(keys) == 0 {
		keys = []string{j.ID}
	}
	var fresh bool
	err := s.db.Batch(func(tx *bbolt.Tx) error {
		fresh = false
		now := s.now()
		if seenAny(tx, keys, now) || tx.Bucket(bJobIDs).Get([]byte(j.ID)) != nil {
			return nil
		}
		if count(tx, mJobs) >= state.MaxQueued {
			return fmt.Errorf("%w: %d jobs", state.ErrFull, state.MaxQueued)
		}
		if err := remember(tx, keys, now); err != nil {
			return err
		}
		if j.Enqueued.IsZero() {
			j.Enqueued = now
		}
		j.Keys, j.Attempts = keys, 0
		if err := putJob(tx, j); err != nil {
			return err
		}
		fresh = true
		return add(tx, mJobs, 1)
	})
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", j.ID, err)
	}
	return fresh, nil
}

// Take implements state.Store.
func (s *Store) Take(ctx context.Context, lease time.Duration, busy []string) (state.Job, bool, error) {
	if err := ctx.Err(); err != nil {
		return state.Job{}, false, fmt.Errorf("take a job: %w", err)
	}
	// A look in a read transaction first: an idle worker's poll writes
	// nothing (and syncs nothing) when no job is due.
	var due bool
	if err := s.db.View(func(tx *bbolt.Tx) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		k, _, err := s.pick(tx, busy)
		due = k != nil
		return err
	}); err != nil || !due {
		if err != nil {
			return state.Job{}, false, fmt.Errorf("take a job: %w", err)
		}
		return state.Job{}, false, nil
	}
	var got state.Job
	var ok bool
	// Takes of several workers share a commit. The lease is set inside the
	// transaction, so that the next Take in the same commit passes the job
	// by; bbolt runs the function again when the commit (or another call
	// in it) fails, so a run first drops the lease an earlier run set, and
	// a failed Batch drops it too.
	err := s.db.Batch(func(tx *bbolt.Tx) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		if ok {
			delete(s.leases, got.ID)
		}
		got, ok = state.Job{}, false
		k, j, err := s.pick(tx, busy)
		if err != nil || k == nil {
			return err
		}
		j.Attempts++
		v, err := encodeJob(j)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bJobs).Put(k, v); err != nil {
			return err
		}
		got, ok = j, true
		s.leases[got.ID] = jobLease{until: s.now().Add(lease), attempts: got.Attempts}
		return nil
	})
	if err != nil {
		if ok {
			s.release(got.ID)
		}
		return state.Job{}, false, fmt.Errorf("take a job: %w", err)
	}
	return got, ok, nil
}

// pick finds the job Take hands out: the first in queue order (the order
// of Enqueue, a Retry with a NotBefore going last) that is due and not
// leased, preferring one whose channel is not in busy. It looks at the
// first maxScan jobs only. Callers hold s.mu.
func (s *Store) pick(tx *bbolt.Tx, busy []string) (key []byte, j state.Job, err error) {
	now := s.now()
	var first []byte
	var firstJob state.Job
	c := tx.Bucket(bJobs).Cursor()
	n := 0
	for k, v := c.First(); k != nil && n < maxScan; k, v = c.Next() {
		n++
		j, err := decodeJob(v)
		if err != nil {
			return nil, state.Job{}, err
		}
		if now.Before(j.NotBefore) || s.leased(j.ID, now) {
			continue
		}
		if !slices.Contains(busy, j.Channel) {
			return slices.Clone(k), j, nil
		}
		if first == nil {
			first, firstJob = slices.Clone(k), j
		}
	}
	return first, firstJob, nil
}

// leased reports whether job id is leased at now. Callers hold s.mu.
func (s *Store) leased(id string, now time.Time) bool {
	l, ok := s.leases[id]
	if ok && !now.Before(l.until) {
		delete(s.leases, id)
		return false
	}
	return ok
}

// jobLease is a taken job's lease: until when, for the take that counted
// attempts.
type jobLease struct {
	until    time.Time
	attempts int
}

// Renew implements state.Store.
func (s *Store) Renew(ctx context.Context, j state.Job, lease time.Duration) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("renew the lease of %s: %w", j.ID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.leases[j.ID]
	if !ok || l.attempts != j.Attempts {
		return false, nil
	}
	s.leases[j.ID] = jobLease{until: s.now().Add(lease), attempts: l.attempts}
	return true, nil
}

// Retry implements state.Store: a job put back to wait (a NotBefore) goes
// to the back of the queue; one put back to go on at once keeps its place.
func (s *Store) Retry(ctx context.Context, j state.Job) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("retry %s: %w", j.ID, err)
	}
	if len(j.Data) > state.MaxJobData {
		return fmt.Errorf("retry %s: %w: %d bytes of data", j.ID, state.ErrTooLarge, len(j.Data))
	}
	err := s.db.Batch(func(tx *bbolt.Tx) error {
		seq := tx.Bucket(bJobIDs).Get([]byte(j.ID))
		if seq == nil {
			return nil
		}
		old, err := decodeJob(tx.Bucket(bJobs).Get(seq))
		if err != nil {
			return err
		}
		old.Data, old.NotBefore = j.Data, j.NotBefore
		if j.NotBefore.IsZero() {
			// Put back to go on at once (a shutdown): it keeps its place.
			v, err := encodeJob(old)
			if err != nil {
				return err
			}
			return tx.Bucket(bJobs).Put(seq, v)
		}
		if err := tx.Bucket(bJobs).Delete(seq); err != nil {
			return err
		}
		return putJob(tx, old)
	})
	if err != nil {
		return fmt.Errorf("retry %s: %w", j.ID, err)
	}
	s.release(j.ID)
	return nil
}

// Finish implements state.Store.
func (s *Store) Finish(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("finish %s: %w", id, err)
	}
	err := s.db.Batch(func(tx *bbolt.Tx) error {
		ids := tx.Bucket(bJobIDs)
		seq := ids.Get([]byte(id))
		if seq == nil {
			return nil
		}
		if err := tx.Bucket(bJobs).Delete(seq); err != nil {
			return err
		}
		if err := ids.Delete([]byte(id)); err != nil {
			return err
		}
		return add(tx, mJobs, -1)
	})
	if err != nil {
		return fmt.Errorf("finish %s: %w", id, err)
	}
	s.release(id)
	return nil
}

func (s *Store) release(id string) {
	s.mu.Lock()
	delete(s.leases, id)
	s.mu.Unlock()
}

// Queued implements state.Store.
func (s *Store) Queued(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("count queued jobs: %w", err)
	}
	var n int
	err := s.db.View(func(tx *bbolt.Tx) error {
		n = count(tx, mJobs)
		return nil
	})
	return n, err
}

// Claim implements state.Store.
func (s *Store) Claim(ctx context.Context, keys ...string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("claim: %w", err)
	}
	keys = slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == "" })
	if len(keys) == 0 {
		return true, nil
	}
	var fresh bool
	err := s.db.Batch(func(tx *bbolt.Tx) error {
		now := s.now()
		fresh = !seenAny(tx, keys, now)
		if !fresh {
			return nil
		}
		return remember(tx, keys, now)
	})
	if err != nil {
		return false, fmt.Errorf("claim: %w", err)
	}
	return fresh, nil
}

// RememberThread implements state.Store.
func (s *Store) RememberThread(ctx context.Context, channel, threadTS string, t state.Thread) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("remember thread: %w", err)
	}
	key := []byte(state.MessageKey(channel, threadTS))
	err := s.db.Batch(func(tx *bbolt.Tx) error {
		now := s.now()
		threads := tx.Bucket(bThreads)
		var old state.Thread
		if v := threads.Get(key); v != nil {
			if json.Unmarshal(v, &old) == nil && now.Sub(old.At) < state.ThreadTTL {
				return nil
			}
			if err := tx.Bucket(bThreadsAt).Delete(timeKey(old.At, key)); err != nil {
				return err
			}
		} else if err := add(tx, mThreads, 1); err != nil {
			return err
		}
		t.Question, t.At = state.CutQuestion(t.Question), now
		v, err := json.Marshal(t)
		if err != nil {
			return err
		}
		if err := threads.Put(key, v); err != nil {
			return err
		}
		if err := tx.Bucket(bThreadsAt).Put(timeKey(now, key), nil); err != nil {
			return err
		}
		return prune(tx, bThreads, bThreadsAt, mThreads, now, state.ThreadTTL, state.MaxThreads)
	})
	if err != nil {
		return fmt.Errorf("remember thread %s: %w", key, err)
	}
	return nil
}

// Thread implements state.Store.
func (s *Store) Thread(ctx context.Context, channel, threadTS string) (state.Thread, bool, error) {
	if err := ctx.Err(); err != nil {
		return state.Thread{}, false, fmt.Errorf("look up thread: %w", err)
	}
	var t state.Thread
	var ok bool
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bThreads).Get([]byte(state.MessageKey(channel, threadTS)))
		if v == nil {
			return nil
		}
		if err := json.Unmarshal(v, &t); err != nil {
			return err
		}
		ok = s.now().Sub(t.At) < state.ThreadTTL
		return nil
	})
	if err != nil || !ok {
		return state.Thread{}, false, err
	}
	return t, true, nil
}

// RecordVote implements state.Store.
func (s *Store) RecordVote(ctx context.Context, v state.Vote) (up, down int, err error) {
	if err := ctx.Err(); err != nil {
		return 0, 0, fmt.Errorf("record vote: %w", err)
	}
	answer := v.Answer
	if answer == "" {
		answer = v.Question + "\x00" + v.PassageID
	}
	key := []byte(v.User + "\x00" + answer)
	err = s.db.Update(func(tx *bbolt.Tx) error {
		if v.At.IsZero() {
			v.At = s.now()
		}
		votes := tx.Bucket(bVotes)
		if prev := votes.Get(key); prev != nil {
			var old state.Vote
			if err := json.Unmarshal(prev, &old); err != nil {
				return err
			}
			if err := tx.Bucket(bVotesAt).Delete(timeKey(old.At, key)); err != nil {
				return err
			}
			if err := add(tx, upOrDown(old.Up), -1); err != nil {
				return err
			}
		} else if err := add(tx, mVotes, 1); err != nil {
			return err
		}
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if err := votes.Put(key, b); err != nil {
			return err
		}
		if err := tx.Bucket(bVotesAt).Put(timeKey(v.At, key), nil); err != nil {
			return err
		}
		if err := add(tx, upOrDown(v.Up), 1); err != nil {
			return err
		}
		up, down = count(tx, mUp), count(tx, mDown)
		// Votes beyond the cap are forgotten; the totals keep them.
		return prune(tx, bVotes, bVotesAt, mVotes, v.At, 0, state.MaxVotes)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("record vote: %w", err)
	}
	return up, down, nil
}

func upOrDown(up bool) []byte {
	if up {
		return mUp
	}
	return mDown
}

// Votes implements state.Store.
func (s *Store) Votes(ctx context.Context) ([]state.Vote, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("read votes: %w", err)
	}
	var out []state.Vote
	err := s.db.View(func(tx *bbolt.Tx) error {
		votes := tx.Bucket(bVotes)
		return tx.Bucket(bVotesAt).ForEach(func(k, _ []byte) error {
			var v state.Vote
			if err := json.Unmarshal(votes.Get(k[8:]), &v); err != nil {
				return err
			}
			out = append(out, v)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read votes: %w", err)
	}
	return out, nil
}

// Load implements state.Store.
func (s *Store) Load(ctx context.Context, section string, v any) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("load state section %s: %w", section, err)
	}
	var raw []byte
	err := s.db.View(func(tx *bbolt.Tx) error {
		raw = slices.Clone(tx.Bucket(bSections).Get([]byte(section)))
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("load state section %s: %w", section, err)
	}
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("decode state section %s: %w", section, err)
	}
	return true, nil
}

// Save implements state.Store.
func (s *Store) Save(ctx context.Context, section string, v any) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("save state section %s: %w", section, err)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode state section %s: %w", section, err)
	}
	if len(raw) > state.MaxSection {
		return fmt.Errorf("save state section %s: %w: %d bytes", section, state.ErrTooLarge, len(raw))
	}
	if err := s.db.Batch(func(tx *bbolt.Tx) error { return tx.Bucket(bSections).Put([]byte(section), raw) }); err != nil {
		return fmt.Errorf("save state section %s: %w", section, err)
	}
	return nil
}

// seenAny reports whether one of keys was seen less than a day before now.
func seenAny(tx *bbolt.Tx, keys []string, now time.Time) bool {
	seen := tx.Bucket(bSeen)
	for _, k := range keys {
		if v := seen.Get([]byte(k)); v != nil && now.Sub(decodeTime(v)) < state.SeenTTL {
			return true
		}
	}
	return false
}

// remember records keys as seen at now, dropping the oldest keys past
// their day or the cap.
func remember(tx *bbolt.Tx, keys []string, now time.Time) error {
	seen, at := tx.Bucket(bSeen), tx.Bucket(bSeenAt)
	for _, k := range keys {
		if k == "" {
			continue
		}
		key := []byte(k)
		if old := seen.Get(key); old != nil {
			if err := at.Delete(timeKey(decodeTime(old), key)); err != nil {
				return err
			}
		} else if err := add(tx, mSeen, 1); err != nil {
			return err
		}
		if err := seen.Put(key, encodeTime(now)); err != nil {
			return err
		}
		if err := at.Put(timeKey(now, key), nil); err != nil {
			return err
		}
	}
	return prune(tx, bSeen, bSeenAt, mSeen, now, state.SeenTTL, state.MaxSeen)
}

// prune drops up to pruneStep of the oldest entries of bucket (through
// its time index at) that are older than ttl (0: no expiry) or beyond
// limit, keeping counter in step.
func prune(tx *bbolt.Tx, bucket, at, counter []byte, now time.Time, ttl time.Duration, limit int) error {
	b, idx := tx.Bucket(bucket), tx.Bucket(at)
	c := idx.Cursor()
	n := count(tx, counter)
	for i, k := 0, firstKey(c); i < pruneStep && k != nil; i++ {
		expired := ttl > 0 && now.Sub(time.Unix(0, int64(binary.BigEndian.Uint64(k[:8])))) >= ttl
		if !expired && n <= limit {
			break
		}
		k = slices.Clone(k) // bbolt's key is not valid once its page changes
		if err := b.Delete(k[8:]); err != nil {
			return err
		}
		if err := c.Delete(); err != nil {
			return err
		}
		n--
		k, _ = c.Seek(k) // the entry after the deleted one
	}
	return setCount(tx, counter, n)
}

func firstKey(c *bbolt.Cursor) []byte {
	k, _ := c.First()
	return k
}

// timeKey is the index key of key at t.
func timeKey(t time.Time, key []byte) []byte {
	return append(encodeTime(t), key...)
}

func encodeTime(t time.Time) []byte { return binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano())) }

func decodeTime(b []byte) time.Time {
	if len(b) < 8 {
		return time.Time{}
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(b)))
}

// count returns the counter name in bMeta.
func count(tx *bbolt.Tx, name []byte) int {
	v := tx.Bucket(bMeta).Get(name)
	if len(v) != 8 {
		return 0
	}
	return int(int64(binary.BigEndian.Uint64(v)))
}

func setCount(tx *bbolt.Tx, name []byte, n int) error {
	return tx.Bucket(bMeta).Put(name, binary.BigEndian.AppendUint64(nil, uint64(int64(max(n, 0)))))
}

func add(tx *bbolt.Tx, name []byte, d int) error { return setCount(tx, name, count(tx, name)+d) }

// storedJob is a state.Job as bJobs holds it.
type storedJob struct {
	ID        string    `json:"id"`
	Keys      []string  `json:"keys,omitempty"`
	Channel   string    `json:"channel,omitempty"`
	Data      []byte    `json:"data,omitempty"`
	Enqueued  time.Time `json:"enqueued"`
	NotBefore time.Time `json:"not_before,omitzero"`
	Attempts  int       `json:"attempts,omitempty"`
}

// putJob stores j at the back of the queue.
func putJob(tx *bbolt.Tx, j state.Job) error {
	seq, err := tx.Bucket(bJobs).NextSequence()
	if err != nil {
		return err
	}
	k := binary.BigEndian.AppendUint64(nil, seq)
	v, err := encodeJob(j)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bJobs).Put(k, v); err != nil {
		return err
	}
	return tx.Bucket(bJobIDs).Put([]byte(j.ID), k)
}

func encodeJob(j state.Job) ([]byte, error) { return json.Marshal(storedJob(j)) }

func decodeJob(v []byte) (state.Job, error) {
	var j storedJob
	if err := json.Unmarshal(v, &j); err != nil {
		return state.Job{}, fmt.Errorf("decode queued job: %w", err)
	}
	return state.Job(j), nil
}

// Lease implements state.Store. The leases are kept in memory: one process
// holds the file at a time.
func (s *Store) Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("take lease %s: %w", name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if l, ok := s.named[name]; ok && l.holder != holder && now.Before(l.until) {
		return false, nil
	}
	s.named[name] = lease{holder, now.Add(ttl)}
	return true, nil
}

// Release implements state.Store.
func (s *Store) Release(ctx context.Context, name, holder string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.named[name].holder == holder {
		delete(s.named, name)
	}
	return nil
}
