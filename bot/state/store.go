package state

import (
	"context"
	"errors"
	"time"
	"unicode/utf8"
)

// Store is the bot's durable memory: the queue of Slack events it has
// acknowledged and not yet answered, which events and requests it has
// already seen, which threads it answered, the feedback it got, and named
// sections other features (the daily digest) keep their progress in.
//
// Every method that writes has the change durable before it returns: an
// event Enqueue accepted survives a crash, and a Finish is never undone.
// Implementations are safe for concurrent use; ctx bounds any I/O they do
// (and a wait for the database), and its error is returned when it is done.
// bot/state/bolt is the embedded implementation; bot/state/statetest is the
// suite every implementation passes.
type Store interface {
	// Enqueue records j as accepted work unless one of its Keys was seen
	// in the last day (a Slack retry, a second delivery, the same message
	// arriving as both app_mention and message): fresh is false then and
	// nothing is stored. The keys stay remembered after the job is
	// finished. It returns an error matching ErrFull when the queue holds
	// MaxQueued jobs, and one matching ErrTooLarge when j.Data is over
	// MaxJobData.
	Enqueue(ctx context.Context, j Job) (fresh bool, err error)

	// Take leases the first job in queue order (the order of Enqueue; a
	// job retried with a NotBefore goes last) that is due and not leased,
	// preferring one whose Channel is not in busy, and returns it with
	// Attempts counting this lease. A leased job is not handed out again
	// until it is finished, retried, or lease has passed (its taker is
	// presumed dead). ok is false when no job is due; an implementation may
	// look only so far down a long queue of jobs not due (the bbolt store:
	// 1,024).
	Take(ctx context.Context, lease time.Duration, busy []string) (j Job, ok bool, err error)

	// Renew extends the lease of j, as its Take handed it out (j.Attempts
	// tells the take), to lease from now: a worker still answering renews
	// it well before it passes, so that a short lease hands the job of a
	// dead taker on soon. ok is false when that take no longer holds the
	// job: it was finished, retried, or taken again after its lease passed.
	Renew(ctx context.Context, j Job, lease time.Duration) (ok bool, err error)

	// Retry ends j's lease and puts it back with j.Data and j.NotBefore as
	// given, so a later Take (from any process) goes on with it: at the
	// back of the queue when NotBefore is set, in its place when it is
	// zero. Retrying a finished job does nothing.
	Retry(ctx context.Context, j Job) error

	// Finish removes the job id from the queue: it was answered, or given
	// up on. Finishing an unknown or finished job does nothing.
	Finish(ctx context.Context, id string) error

	// Queued returns the number of unfinished jobs.
	Queued(ctx context.Context) (int, error)

	// Claim records keys as seen and reports whether none of them was seen
	// in the last day: a replayed request is recognised by its key. Empty
	// keys are ignored; no keys is always fresh.
	Claim(ctx context.Context, keys ...string) (fresh bool, err error)

	// RememberThread records that the bot answered in thread (channel,
	// threadTS): t's question (stored cut to MaxThreadQuestion bytes) and
	// the article its answer cited. An existing thread keeps what it had.
	RememberThread(ctx context.Context, channel, threadTS string, t Thread) error

	// Thread returns the thread (channel, threadTS) when the bot answered
	// in it in the last week; ok is false otherwise.
	Thread(ctx context.Context, channel, threadTS string) (t Thread, ok bool, err error)

	// RecordVote stores a feedback click and returns the running totals.
	// A user has one vote per answer (v.Answer): a second click replaces
	// the first, and the totals count it once.
	RecordVote(ctx context.Context, v Vote) (up, down int, err error)

	// Votes returns the recorded feedback, oldest first.
	Votes(ctx context.Context) ([]Vote, error)

	// Load decodes the named section stored with Save into v. It reports
	// false when the section does not exist.
	Load(ctx context.Context, section string, v any) (bool, error)

	// Save stores v, JSON-encoded, as the named section.
	Save(ctx context.Context, section string, v any) error

	// Lease gives holder the named lease for ttl, unless another holder
	// has it and its time has not passed; the holder renews it by taking
	// it again. ok reports whether holder has it now. Replicas sharing a
	// store use it to do a thing once between them (the daily digest).
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (ok bool, err error)

	// Release ends holder's lease on name; it does nothing when holder
	// does not have it.
	Release(ctx context.Context, name, holder string) error
}

// Pacer keeps the calls that replicas sharing a store make to a
// rate-limited service (Slack) within its limits between them: a call
// books a slot under each limit it counts against, as a generic cell rate
// algorithm, and waits for it. The PostgreSQL store is one; the embedded
// store, used by one process, is not (that process paces itself).
type Pacer interface {
	// Pace books the next slot free under every one of limits, at one
	// time, and returns how long to wait for it. It books nothing, and ok
	// is false, when the wait would be longer than within.
	Pace(ctx context.Context, limits []Limit, within time.Duration) (wait time.Duration, ok bool, err error)

	// Hold holds every call under key for d from now (the service said
	// Retry-After d); a longer hold already in place stays.
	Hold(ctx context.Context, key string, d time.Duration) error
}

// Limit is one rate limit a call counts against: under Key, a call every
// Interval on average, in bursts of up to Burst.
type Limit struct {
	Key      string
	Interval time.Duration
	Burst    int
}

// Limits every Store keeps to, so that no workspace, however busy, and no
// user, however long their messages, grows the state without bound.
const (
	SeenTTL           = 24 * time.Hour     // how long event IDs and request keys are remembered
	ThreadTTL         = 7 * 24 * time.Hour // how long a thread takes follow-ups
	MaxSeen           = 200_000            // keys remembered; the oldest are forgotten first
	MaxThreads        = 20_000             // threads remembered; the oldest are forgotten first
	MaxVotes          = 5_000              // votes kept; the totals count every vote
	MaxQueued         = 100_000            // unfinished jobs; Enqueue refuses more
	MaxJobData        = 16 << 10           // bytes of one job's Data
	MaxThreadQuestion = 1_000              // bytes of a thread's stored question
	MaxSection        = 1 << 20            // bytes of one saved section
)

// Errors a Store returns; match them with errors.Is.
var (
	ErrFull     = errors.New("the queue of unanswered events is full")
	ErrTooLarge = errors.New("too large to store")
)

// Job is one piece of acknowledged work: an event the bot must answer.
type Job struct {
	ID        string    // unique among unfinished jobs, e.g. the Slack event ID
	Keys      []string  // what recognises a redelivery: event ID, channel/ts; ID when empty
	Channel   string    // where the answer goes, for fair scheduling
	Data      []byte    // the work, as the caller encodes it; at most MaxJobData bytes
	Enqueued  time.Time // when it was accepted; set by Enqueue when zero
	NotBefore time.Time // Take hands it out only from then on; zero means at once
	Attempts  int       // times Take has handed it out, this time included
}

// Vote is one click on a 👍 or 👎 button under an answer.
type Vote struct {
	Answer    string    `json:"answer,omitempty"` // which answer: the message's channel/ts, or question and passage
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
	Article  string    `json:"article,omitempty"` // the article the first answer cited
	At       time.Time `json:"at"`                // set by RememberThread
}

// CutQuestion returns q cut to at most MaxThreadQuestion bytes, at a rune
// boundary: what a Store keeps of a thread's question.
func CutQuestion(q string) string {
	if len(q) <= MaxThreadQuestion {
		return q
	}
	cut := MaxThreadQuestion
	for cut > 0 && !utf8.RuneStart(q[cut]) {
		cut--
	}
	return q[:cut]
}

// MessageKey is the key of a Slack message: its channel and ts.
func MessageKey(channel, ts string) string { return channel + "/" + ts }
