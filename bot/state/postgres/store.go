package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"newsdesk/bot/state"
)

// Options configure Open.
type Options struct {
	Now    func() time.Time // clock for expiry, leases and job times; nil means time.Now
	Logger *slog.Logger     // where background clean-up failures are reported; nil discards
}

// Store is state.Store in PostgreSQL, shared by every replica that opens
// the same database. Each call is one transaction (or one statement);
// leases live in the database, so a job whose taker died is handed out
// again, by any replica, once its lease has passed. Times are the
// replicas' own clocks, which are assumed to agree to within a second (NTP).
// A Store is safe for concurrent use.
type Store struct {
	pool   *pgxpool.Pool
	now    func() time.Time
	log    *slog.Logger
	writes sync.Map // table → *atomic.Int64: its writes, to check its cap every capEvery
}

var (
	_ state.Store = (*Store)(nil)
	_ state.Pacer = (*Store)(nil)
)

// pruneStep is how many expired entries one write drops: more than one
// write adds, so the tables shrink back as entries expire.
const pruneStep = 16

// capEvery is how often (in writes) a Store checks a table against its
// cap; between checks a table may exceed it by that many rows.
const capEvery = 64

// maxScan bounds how many queued jobs one Take looks at to find one in a
// free channel.
const maxScan = 1024

// connectTimeout bounds Open's first connection and migration.
const connectTimeout = 15 * time.Second

// Open connects to the PostgreSQL database at url (postgres://user:pass@
// host:port/db?sslmode=…; the search_path parameter chooses the schema)
// and creates or migrates its tables. Replicas may open the same database
// at once: migrations take turns. It returns an error when url is not a
// PostgreSQL URL, the server cannot be reached or refuses the login, or
// the schema is newer than this binary knows.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("state database URL: %w", err)
	}
	now, log := opts.Now, opts.Logger
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("state database: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("state database %s: %w", where(cfg), err)
	}
	err = migrate(ctx, conn.Conn())
	conn.Release()
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("state database %s: %w", where(cfg), err)
	}
	return &Store{pool: pool, now: now, log: log}, nil
}

// where names the database of cfg for messages, without its password.
func where(cfg *pgxpool.Config) string {
	return fmt.Sprintf("%s@%s:%d/%s", cfg.ConnConfig.User, cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
}

// Close closes the connections. The other methods fail once it is closed.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// errStale rolls a transaction back when what it found makes it moot (a
// key was seen, the job exists): nothing it wrote may stay.
var errStale = errors.New("stale")

// inTx runs fn in a transaction, again when PostgreSQL aborts it for a
// deadlock or a serialization failure between replicas.
func (s *Store) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	for attempt := 0; ; attempt++ {
		err := pgx.BeginFunc(ctx, s.pool, fn)
		if attempt < 4 && retryable(err) {
			continue
		}
		return err
	}
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// claim records keys as seen at now unless one of them was seen in the
// last day, and reports whether all were fresh. The caller rolls back
// when they were not. Keys are taken in sorted order, so that two
// transactions claiming the same keys wait for each other instead of
// deadlocking.
func claim(ctx context.Context, tx pgx.Tx, keys []string, now time.Time) (bool, error) {
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	tag, err := tx.Exec(ctx, `
		INSERT INTO newsdesk_seen (key, at) SELECT unnest($1::text[]), $2
		ON CONFLICT (key) DO UPDATE SET at = EXCLUDED.at WHERE newsdesk_seen.at <= $3`,
		keys, now, now.Add(-state.SeenTTL))
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() == int64(len(keys)), nil
}

// Enqueue implements state.Store.
func (s *Store) Enqueue(ctx context.Context, j state.Job) (bool, error) {
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
	keys = slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == "" })
	now := s.now()
	if j.Enqueued.IsZero() {
		j.Enqueued = now
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		fresh, err := claim(ctx, tx, keys, now)
		if err != nil || !fresh {
			return orErr(err, errStale)
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO newsdesk_jobs (id, keys, channel, data, enqueued) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (id) DO NOTHING`, j.ID, keys, j.Channel, nonNil(j.Data), j.Enqueued)
		if err != nil || tag.RowsAffected() == 0 {
			return orErr(err, errStale)
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM newsdesk_jobs`).Scan(&n); err != nil {
			return err
		}
		if n > state.MaxQueued {
			return fmt.Errorf("%w: %d jobs", state.ErrFull, state.MaxQueued)
		}
		return nil
	})
	if errors.Is(err, errStale) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", j.ID, err)
	}
	s.pruneSeen(ctx, now)
	return true, nil
}

// orErr returns err, or alt when err is nil.
func orErr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}

// noNUL drops NUL characters, which PostgreSQL's text cannot hold.
func noNUL(s string) string { return strings.ReplaceAll(s, "\x00", "") }

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// Take implements state.Store. Replicas taking at once may pick the same
// job: the update re-checks its lease, so one gets it and the others look
// again.
func (s *Store) Take(ctx context.Context, lease time.Duration, busy []string) (state.Job, bool, error) {
	if busy == nil {
		busy = []string{}
	}
	for range 8 {
		now := s.now()
		var j state.Job
		var notBefore *time.Time
		err := s.pool.QueryRow(ctx, `
			UPDATE newsdesk_jobs SET attempts = attempts + 1, lease_until = $3
			WHERE id = (
				SELECT id FROM newsdesk_jobs WHERE id IN (
					SELECT id FROM newsdesk_jobs
					WHERE (not_before IS NULL OR not_before <= $1) AND (lease_until IS NULL OR lease_until <= $1)
					ORDER BY place LIMIT $4
				) ORDER BY channel = ANY($2), place LIMIT 1
				FOR UPDATE SKIP LOCKED -- the row another replica is taking now: the next one
			) AND (lease_until IS NULL OR lease_until <= $1)
			RETURNING id, keys, channel, data, enqueued, not_before, attempts`,
			now, busy, now.Add(lease), maxScan).
			Scan(&j.ID, &j.Keys, &j.Channel, &j.Data, &j.Enqueued, &notBefore, &j.Attempts)
		if errors.Is(err, pgx.ErrNoRows) {
			if due, derr := s.anyDue(ctx, now); derr != nil || !due {
				return state.Job{}, false, derr
			}
			continue // another replica took the one picked: look again
		}
		if err != nil {
			return state.Job{}, false, fmt.Errorf("take a job: %w", err)
		}
		if notBefore != nil {
			j.NotBefore = *notBefore
		}
		return j, true, nil
	}
	return state.Job{}, false, nil
}

// anyDue reports whether a job is due and not leased at now.
func (s *Store) anyDue(ctx context.Context, now time.Time) (bool, error) {
	var due bool
	err := s.pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM newsdesk_jobs
			WHERE (not_before IS NULL OR not_before <= $1) AND (lease_until IS NULL OR lease_until <= $1))`, now).Scan(&due)
	if err != nil {
		return false, fmt.Errorf("take a job: %w", err)
	}
	return due, nil
}

// Renew implements state.Store: the take is known by its attempts.
func (s *Store) Renew(ctx context.Context, j state.Job, lease time.Duration) (bool, error) {
	tag, err := s.pool.Exec(ctx, `
		UPDATE newsdesk_jobs SET lease_until = $3
		WHERE id = $1 AND attempts = $2 AND lease_until IS NOT NULL`,
		j.ID, j.Attempts, s.now().Add(lease))
	if err != nil {
		return false, fmt.Errorf("renew the lease of %s: %w", j.ID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Retry implements state.Store.
func (s *Store) Retry(ctx context.Context, j state.Job) error {
	if len(j.Data) > state.MaxJobData {
		return fmt.Errorf("retry %s: %w: %d bytes of data", j.ID, state.ErrTooLarge, len(j.Data))
	}
	var notBefore *time.Time
	if !j.NotBefore.IsZero() {
		notBefore = &j.NotBefore
	}
	_, err := s.pool.Exec(ctx, `
		UPDATE newsdesk_jobs SET data = $2, not_before = $3, lease_until = NULL,
			place = CASE WHEN $3::timestamptz IS NULL THEN place ELSE nextval('newsdesk_job_place') END
		WHERE id = $1`, j.ID, nonNil(j.Data), notBefore)
	if err != nil {
		return fmt.Errorf("retry %s: %w", j.ID, err)
	}
	return nil
}

// Finish implements state.Store.
func (s *Store) Finish(ctx context.Context, id string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM newsdesk_jobs WHERE id = $1`, id); err != nil {
		return fmt.Errorf("finish %s: %w", id, err)
	}
	return nil
}

// Queued implements state.Store.
func (s *Store) Queued(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM newsdesk_jobs`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count queued jobs: %w", err)
	}
	return n, nil
}

// Claim implements state.Store.
func (s *Store) Claim(ctx context.Context, keys ...string) (bool, error) {
	keys = slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == "" })
	if len(keys) == 0 {
		return true, nil
	}
	now := s.now()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		fresh, err := claim(ctx, tx, keys, now)
		if err != nil || !fresh {
			return orErr(err, errStale)
		}
		return nil
	})
	if errors.Is(err, errStale) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim: %w", err)
	}
	s.pruneSeen(ctx, now)
	return true, nil
}

// RememberThread implements state.Store.
func (s *Store) RememberThread(ctx context.Context, channel, threadTS string, t state.Thread) error {
	key := state.MessageKey(channel, threadTS)
	now := s.now()
	_, err := s.pool.Exec(ctx, `
		INSERT INTO newsdesk_threads (key, question, article, at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (key) DO UPDATE SET question = EXCLUDED.question, article = EXCLUDED.article, at = EXCLUDED.at
		WHERE newsdesk_threads.at <= $5`,
		key, noNUL(state.CutQuestion(t.Question)), noNUL(t.Article), now, now.Add(-state.ThreadTTL))
	if err != nil {
		return fmt.Errorf("remember thread %s: %w", key, err)
	}
	s.prune(ctx, "newsdesk_threads", now.Add(-state.ThreadTTL), state.MaxThreads)
	return nil
}

// Thread implements state.Store.
func (s *Store) Thread(ctx context.Context, channel, threadTS string) (state.Thread, bool, error) {
	var t state.Thread
	err := s.pool.QueryRow(ctx, `SELECT question, article, at FROM newsdesk_threads WHERE key = $1 AND at > $2`,
		state.MessageKey(channel, threadTS), s.now().Add(-state.ThreadTTL)).Scan(&t.Question, &t.Article, &t.At)
	if errors.Is(err, pgx.ErrNoRows) {
		return state.Thread{}, false, nil
	}
	if err != nil {
		return state.Thread{}, false, fmt.Errorf("look up thread: %w", err)
	}
	return t, true, nil
}

// RecordVote implements state.Store. The totals are one row, updated in
// the vote's transaction, so they count every vote however many are kept.
func (s *Store) RecordVote(ctx context.Context, v state.Vote) (up, down int, err error) {
	// PostgreSQL's text holds no NUL: the parts are joined with the ASCII
	// unit separator.
	answer := v.Answer
	if answer == "" {
		answer = v.Question + "\x1f" + v.PassageID
	}
	key := v.User + "\x1f" + answer
	if v.At.IsZero() {
		v.At = s.now()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return 0, 0, fmt.Errorf("record vote: %w", err)
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		// One user's clicks on one answer take turns.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "vote\x1f"+key); err != nil {
			return err
		}
		var dUp, dDown int
		var old bool
		switch err := tx.QueryRow(ctx, `SELECT up FROM newsdesk_votes WHERE key = $1`, key).Scan(&old); {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return err
		case old:
			dUp--
		default:
			dDown--
		}
		if v.Up {
			dUp++
		} else {
			dDown++
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO newsdesk_votes (key, vote, up, at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO UPDATE SET vote = EXCLUDED.vote, up = EXCLUDED.up, at = EXCLUDED.at`,
			key, b, v.Up, v.At); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `UPDATE newsdesk_vote_totals SET up = up + $1, down = down + $2 RETURNING up, down`,
			dUp, dDown).Scan(&up, &down)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("record vote: %w", err)
	}
	s.prune(ctx, "newsdesk_votes", time.Time{}, state.MaxVotes)
	return up, down, nil
}

// Votes implements state.Store.
func (s *Store) Votes(ctx context.Context) ([]state.Vote, error) {
	rows, err := s.pool.Query(ctx, `SELECT vote FROM newsdesk_votes ORDER BY at, key`)
	if err != nil {
		return nil, fmt.Errorf("read votes: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (state.Vote, error) {
		var b []byte
		var v state.Vote
		if err := r.Scan(&b); err != nil {
			return v, err
		}
		return v, json.Unmarshal(b, &v)
	})
	if err != nil {
		return nil, fmt.Errorf("read votes: %w", err)
	}
	return out, nil
}

// Load implements state.Store.
func (s *Store) Load(ctx context.Context, section string, v any) (bool, error) {
	var raw []byte
	err := s.pool.QueryRow(ctx, `SELECT value FROM newsdesk_sections WHERE name = $1`, section).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("load state section %s: %w", section, err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("decode state section %s: %w", section, err)
	}
	return true, nil
}

// Save implements state.Store.
func (s *Store) Save(ctx context.Context, section string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode state section %s: %w", section, err)
	}
	if len(raw) > state.MaxSection {
		return fmt.Errorf("save state section %s: %w: %d bytes", section, state.ErrTooLarge, len(raw))
	}
	_, err = s.pool.Exec(ctx, `
		INSERT INTO newsdesk_sections (name, value) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, section, raw)
	if err != nil {
		return fmt.Errorf("save state section %s: %w", section, err)
	}
	return nil
}

// Lease implements state.Store: one row per name, taken over only when its
// holder's time has passed.
func (s *Store) Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := s.now()
	tag, err := s.pool.Exec(ctx, `
		INSERT INTO newsdesk_leases (name, holder, until) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
		WHERE newsdesk_leases.holder = EXCLUDED.holder OR newsdesk_leases.until <= $4`,
		name, holder, now.Add(ttl), now)
	if err != nil {
		return false, fmt.Errorf("take lease %s: %w", name, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Release implements state.Store.
func (s *Store) Release(ctx context.Context, name, holder string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM newsdesk_leases WHERE name = $1 AND holder = $2`, name, holder); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}

// Pace implements state.Pacer, with one row per key, locked in key order
// so that calls counting against the same keys wait for each other. It
// reads the database's clock, not the replica's, so that replicas whose
// clocks differ by a little still space their calls.
func (s *Store) Pace(ctx context.Context, limits []state.Limit, within time.Duration) (wait time.Duration, ok bool, err error) {
	limits = slices.SortedFunc(slices.Values(limits), func(a, b state.Limit) int { return strings.Compare(a.Key, b.Key) })
	keys := make([]string, len(limits))
	for i, l := range limits {
		keys[i] = l.Key
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		wait, ok = 0, false
		if _, err := tx.Exec(ctx, `
			INSERT INTO newsdesk_pace (key, tat, blocked) SELECT unnest($1::text[]), 'epoch', 'epoch'
			ON CONFLICT (key) DO NOTHING`, keys); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
			SELECT tat, blocked, clock_timestamp() FROM newsdesk_pace WHERE key = ANY($1) ORDER BY key FOR UPDATE`, keys)
		if err != nil {
			return err
		}
		type slot struct{ tat, blocked time.Time }
		var slots []slot
		var now time.Time
		for rows.Next() {
			var sl slot
			if err := rows.Scan(&sl.tat, &sl.blocked, &now); err != nil {
				return err
			}
			slots = append(slots, sl)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(slots) != len(limits) {
			return fmt.Errorf("%d rate-limit rows for %d keys", len(slots), len(limits))
		}
		for i, l := range limits {
			at := later(slots[i].tat, now).Add(-time.Duration(l.Burst-1) * l.Interval)
			wait = max(wait, later(at, slots[i].blocked).Sub(now))
		}
		if wait > within {
			return nil
		}
		ok = true
		for i, l := range limits {
			if _, err := tx.Exec(ctx, `UPDATE newsdesk_pace SET tat = $2 WHERE key = $1`,
				l.Key, later(slots[i].tat, now.Add(wait)).Add(l.Interval)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("pace %s: %w", strings.Join(keys, ", "), err)
	}
	if ok && s.wrote("newsdesk_pace")%capEvery == 0 {
		s.prunePace(ctx)
	}
	return wait, ok, nil
}

// Hold implements state.Pacer.
func (s *Store) Hold(ctx context.Context, key string, d time.Duration) error {
	_, err := s.pool.Exec(ctx, `
		INSERT INTO newsdesk_pace (key, tat, blocked)
		VALUES ($1, 'epoch', clock_timestamp() + $2::bigint * interval '1 microsecond')
		ON CONFLICT (key) DO UPDATE SET blocked = GREATEST(newsdesk_pace.blocked, EXCLUDED.blocked)`,
		key, d.Microseconds())
	if err != nil {
		return fmt.Errorf("hold %s: %w", key, err)
	}
	return nil
}

// prunePace forgets keys with nothing booked or held for a day (a channel
// the bot no longer posts in).
func (s *Store) prunePace(ctx context.Context) {
	_, err := s.pool.Exec(ctx, `
		DELETE FROM newsdesk_pace WHERE tat < clock_timestamp() - interval '1 day'
		AND blocked < clock_timestamp() - interval '1 day'`)
	if err != nil && ctx.Err() == nil {
		s.log.Warn("state: prune newsdesk_pace", "err", err)
	}
}

// wrote counts a write to table and returns the count.
func (s *Store) wrote(table string) int64 {
	n, _ := s.writes.LoadOrStore(table, new(atomic.Int64))
	return n.(*atomic.Int64).Add(1)
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (s *Store) pruneSeen(ctx context.Context, now time.Time) {
	s.prune(ctx, "newsdesk_seen", now.Add(-state.SeenTTL), state.MaxSeen)
}

// prune drops up to pruneStep rows of table older than cut (zero: none
// expire), and every capEvery writes the oldest rows past limit. It runs
// after the write's own transaction, so a failure costs only a log line:
// the next write prunes again.
func (s *Store) prune(ctx context.Context, table string, cut time.Time, limit int) {
	var err error
	if !cut.IsZero() {
		_, err = s.pool.Exec(ctx, `DELETE FROM `+table+` WHERE key IN (
			SELECT key FROM `+table+` WHERE at <= $1 ORDER BY at LIMIT $2)`, cut, pruneStep)
	}
	if err == nil && s.wrote(table)%capEvery == 0 {
		_, err = s.pool.Exec(ctx, `DELETE FROM `+table+` WHERE key IN (
			SELECT key FROM `+table+` ORDER BY at DESC, key DESC OFFSET $1 LIMIT $2)`, limit, 2*capEvery)
	}
	if err != nil && ctx.Err() == nil {
		s.log.Warn("state: prune "+table, "err", err)
	}
}
