package digest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"newsdesk/bot"
	"newsdesk/internal/wait"
)

// section is the name of the state section holding the digest's progress.
const section = "digest"

// Scheduling constants.
const (
	maxScheduleWait = 15 * time.Minute // wake at least this often, so a suspended machine or a clock change is noticed
	minScheduleWait = time.Minute      // waited instead of a due time already past, so the loop never spins
	maxRetryWait    = 30 * time.Minute // backoff cap after a failed post
	keepDays        = 60               // days of post records kept in the state
	findMargin      = time.Hour        // looked back before the recorded start, for clock skew
)

// The status of one local date's digest in the state.
const (
	dayPosting = "posting" // the post was being made; it may or may not have landed
	dayPosted  = "posted"  // posted, with its ts
	dayEmpty   = "empty"   // nothing new that day; nothing posted (PostEmpty off)
)

// Status says what Post did.
type Status string

// The outcomes of Post.
const (
	Posted        Status = "posted"         // today's digest was posted now
	AlreadyPosted Status = "already-posted" // it had been posted before (found in the state)
	Recovered     Status = "recovered"      // an earlier post was found in the channel's history and recorded
	NothingNew    Status = "nothing-new"    // no new articles today; nothing posted
	Elsewhere     Status = "elsewhere"      // another replica is posting today's digest; nothing done here
)

// Result is what Post reports.
type Result struct {
	Date     string `json:"date"`         // the local date, YYYY-MM-DD
	Status   Status `json:"status"`       //
	TS       string `json:"ts,omitempty"` // the digest message's ID (Slack's ts) when there is one
	Articles int    `json:"articles"`     // articles in a digest posted now
}

// Options configure the daily digest. They are plain values so that the
// digest does not depend on the config package.
type Options struct {
	Channel   string         // channel ID to post in; "" means nothing is posted (previews still work)
	Hour      int            // local time of the daily post
	Minute    int            //
	Location  *time.Location // nil means UTC
	PostEmpty bool           // on a day with nothing new, post a one-line "no new articles"

	Logger *slog.Logger                                     // nil discards logs
	Now    func() time.Time                                 // nil means time.Now
	Sleep  func(ctx context.Context, d time.Duration) error // waits d or until ctx is done; nil means a real timer
}

// State is where the scheduler keeps its progress: a named section of the
// bot's durable state, and a lease that lets one replica of several post
// at a time. state.Store implements it.
type State interface {
	Load(ctx context.Context, section string, v any) (bool, error)
	Save(ctx context.Context, section string, v any) error
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	Release(ctx context.Context, name, holder string) error
}

// dayRecord is one local date's digest in the state.
type dayRecord struct {
	Status  string    `json:"status"`
	Channel string    `json:"channel,omitempty"`
	TS      string    `json:"ts,omitempty"`
	Started time.Time `json:"started,omitzero"`
	Done    time.Time `json:"done,omitzero"`
	Next    *mark     `json:"next,omitempty"` // the mark adopted once the post is recorded
}

// progress is the state section: how far the digests have got and what
// happened on each recent date.
type progress struct {
	Mark *mark                `json:"mark,omitempty"` // nil: no digest was ever posted
	Days map[string]dayRecord `json:"days"`
}

// Scheduler builds, previews, posts and schedules the daily digest.
// Posting keeps a per-date record in the bot's State, written before and
// after each post, so a digest is posted at most once a day whatever
// restarts, crashes or clock changes happen. Create it with NewScheduler.
type Scheduler struct {
	store Index
	sum   bot.Summarizer
	opts  Options
	log   *slog.Logger
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu     sync.Mutex // serializes posts
	holder string     // this scheduler's name for the posting lease
	smu    sync.Mutex
	state  State // the state Run posts with; Preview reads the mark from it
}

// NewScheduler returns the digest over store. sum may be nil (no overview).
func NewScheduler(store Index, sum bot.Summarizer, opts Options) *Scheduler {
	d := &Scheduler{store: store, sum: sum, opts: opts, log: opts.Logger, now: opts.Now, sleep: opts.Sleep, holder: rand.Text()}
	if d.opts.Location == nil {
		d.opts.Location = time.UTC
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	if d.now == nil {
		d.now = time.Now
	}
	if d.sleep == nil {
		d.sleep = wait.Sleep
	}
	return d
}

func (d *Scheduler) date(t time.Time) string { return t.In(d.opts.Location).Format("2006-01-02") }

// load reads the digest's progress from st; st nil is no progress yet.
func load(ctx context.Context, st State) (progress, error) {
	var s progress
	if st != nil {
		if _, err := st.Load(ctx, section, &s); err != nil {
			return progress{}, err
		}
	}
	if s.Days == nil {
		s.Days = map[string]dayRecord{}
	}
	return s, nil
}

// Next builds the digest that would be posted now: the articles indexed or
// changed since the last digest recorded in st (st nil, or no digest yet:
// the latest articles, capped). It returns an error when the state or the
// index cannot be read, or ctx's error.
func (d *Scheduler) Next(ctx context.Context, st State) (Digest, error) {
	s, err := load(ctx, st)
	if err != nil {
		return Digest{}, err
	}
	dg, _, err := build(ctx, d.store, d.sum, d.log, d.date(d.now()), s.Mark)
	return dg, err
}

// Since builds a digest of the articles indexed or changed after t, for
// previews such as `newsdesk digest --since 24h`. It records nothing.
func (d *Scheduler) Since(ctx context.Context, t time.Time) (Digest, error) {
	dg, _, err := build(ctx, d.store, d.sum, d.log, d.date(d.now()), &mark{At: t})
	return dg, err
}

// Preview builds the digest as it would be posted now, for "/newsdesk
// digest". It uses the state Run posts with; before Run it shows the
// latest articles, as a first digest would. It returns Next's errors.
func (d *Scheduler) Preview(ctx context.Context) (Digest, error) {
	d.smu.Lock()
	st := d.state
	d.smu.Unlock()
	return d.Next(ctx, st)
}

// Post posts today's digest (the local date in opts.Location) to
// opts.Channel unless that date's digest was already posted or found empty.
// It holds the state's posting lease while it reads, posts and records, so
// that of several replicas sharing the state one posts: the others get
// Elsewhere, and find the day posted when they look again.
// Before posting it records the date as "posting"; after, as posted with
// the message's ID. When it finds a "posting" record (a crash or failure
// after the post was sent but before it was recorded), it asks pub to find
// its own digest of that date in the channel and posts only when it is not
// there; if pub cannot look it returns an error and posts nothing.
//
// It returns an error when the state cannot be read or written, the index
// cannot be read, or pub fails; ctx bounds every call.
func (d *Scheduler) Post(ctx context.Context, pub Publisher, st State) (Result, error) {
	return d.post(ctx, pub, st, d.now())
}

func (d *Scheduler) post(ctx context.Context, pub Publisher, st State, now time.Time) (Result, error) {
	if d.opts.Channel == "" {
		return Result{}, errors.New("post digest: no digest channel (set NEWSDESK_DIGEST_CHANNEL)")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	date := d.date(now)
	res := Result{Date: date}
	ctx, cancel := context.WithTimeout(ctx, postTimeout)
	defer cancel()
	mine, err := st.Lease(ctx, leaseName, d.holder, postTimeout+leaseMargin)
	if err != nil {
		return res, fmt.Errorf("post digest: %w", err)
	}
	if !mine {
		res.Status = Elsewhere
		return res, nil
	}
	defer func() {
		if err := st.Release(context.WithoutCancel(ctx), leaseName, d.holder); err != nil {
			d.log.Warn("digest: release the posting lease (it expires by itself)", "err", err)
		}
	}()
	s, err := load(ctx, st)
	if err != nil {
		return res, fmt.Errorf("post digest: %w", err)
	}
	day := s.Days[date]
	switch day.Status {
	case dayPosted:
		res.Status, res.TS = AlreadyPosted, day.TS
		return res, nil
	case dayEmpty:
		res.Status = NothingNew
		return res, nil
	case dayPosting:
		channel := day.Channel
		if channel == "" {
			channel = d.opts.Channel
		}
		ts, found, err := pub.Find(ctx, channel, date, day.Started.Add(-findMargin))
		if err != nil {
			return res, fmt.Errorf("post digest %s: an earlier post may have landed; check the channel history: %w", date, err)
		}
		if found {
			if err := d.record(ctx, st, &s, date, day, ts, now); err != nil {
				return res, err
			}
			res.Status, res.TS = Recovered, ts
			return res, nil
		}
	}

	dg, next, err := build(ctx, d.store, d.sum, d.log, date, s.Mark)
	if err != nil {
		return res, fmt.Errorf("post digest %s: %w", date, err)
	}
	if dg.Empty() && !d.opts.PostEmpty {
		s.Days[date] = dayRecord{Status: dayEmpty, Done: now}
		prune(&s, now, d.opts.Location)
		if err := st.Save(ctx, section, s); err != nil {
			return res, fmt.Errorf("record empty digest %s: %w", date, err)
		}
		res.Status = NothingNew
		return res, nil
	}

	return d.publish(ctx, pub, st, &s, dg, next, now)
}

// publish posts dg as the digest of its date, recording the date as
// "posting" before and as posted after, with next as the mark to adopt.
func (d *Scheduler) publish(ctx context.Context, pub Publisher, st State, s *progress, dg Digest, next mark, now time.Time) (Result, error) {
	date := dg.Date
	day := dayRecord{Status: dayPosting, Channel: d.opts.Channel, Started: now, Next: &next}
	s.Days[date] = day
	if err := st.Save(ctx, section, *s); err != nil {
		return Result{Date: date}, fmt.Errorf("record digest %s as posting: %w", date, err)
	}
	ts, err := pub.Publish(ctx, d.opts.Channel, dg)
	if err != nil {
		if errors.Is(err, ErrRefused) {
			// The channel answered and did not post: nothing to look for next time.
			delete(s.Days, date)
			if serr := st.Save(ctx, section, *s); serr != nil {
				err = errors.Join(err, serr)
			}
		}
		return Result{Date: date}, fmt.Errorf("post digest %s: %w", date, err)
	}
	res := Result{Date: date, Status: Posted, TS: ts, Articles: len(dg.Articles)}
	return res, d.record(ctx, st, s, date, day, ts, now)
}

// record marks date as posted with ts and adopts the mark the post was
// built with.
func (d *Scheduler) record(ctx context.Context, st State, s *progress, date string, day dayRecord, ts string, now time.Time) error {
	if day.Next != nil {
		s.Mark = day.Next
	}
	day.Status, day.TS, day.Done, day.Next = dayPosted, ts, now, nil
	s.Days[date] = day
	prune(s, now, d.opts.Location)
	if err := st.Save(ctx, section, *s); err != nil {
		return fmt.Errorf("record posted digest %s (ts %s): %w", date, ts, err)
	}
	return nil
}

// prune forgets dates older than keepDays.
func prune(s *progress, now time.Time, loc *time.Location) {
	cut := now.In(loc).AddDate(0, 0, -keepDays).Format("2006-01-02")
	for date := range s.Days {
		if date < cut {
			delete(s.Days, date)
		}
	}
}

// postTimeout bounds one attempt to post the digest.
const postTimeout = 5 * time.Minute

// The posting lease: held for an attempt, and a margin past its timeout
// for the clocks of replicas to differ by.
const (
	leaseName   = "digest"
	leaseMargin = time.Minute
)

// Run posts the digest every day at the configured local time until ctx is
// done, then returns nil. Started after that time, it posts the day's
// digest at once unless it was already posted (catch-up); a failed post is
// retried with backoff until the day ends. Each local date gets at most one
// post, also on the days clocks change. Errors are logged, never returned:
// Run only returns an error when no channel is configured. Preview uses st
// from the moment Run starts.
func (d *Scheduler) Run(ctx context.Context, pub Publisher, st State) error {
	if d.opts.Channel == "" {
		return errors.New("digest: no channel (set NEWSDESK_DIGEST_CHANNEL)")
	}
	d.smu.Lock()
	d.state = st
	d.smu.Unlock()
	log := d.log.With("channel", d.opts.Channel)
	log.Info("daily digest scheduled", "time", fmt.Sprintf("%02d:%02d", d.opts.Hour, d.opts.Minute), "zone", d.opts.Location.String())

	var doneDate, failedDate string
	failures := 0
	for {
		now := d.now()
		date := d.date(now)
		due := d.dueOn(now, 0)
		var wait time.Duration
		switch {
		case now.Before(due):
			wait = due.Sub(now)
		case date == doneDate:
			wait = d.dueOn(now, 1).Sub(now)
		default:
			err := d.attempt(ctx, log, pub, st, now)
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, errElsewhere) {
				// Look again soon: the day is done once the other
				// replica has recorded its post, and is this one's to
				// post if that replica died first.
				wait = minScheduleWait
				break
			}
			if err != nil {
				if failedDate != date {
					failedDate, failures = date, 0
				}
				failures++
				wait = min(time.Minute<<min(failures-1, 5), maxRetryWait)
				log.Error("daily digest not posted; will retry", "date", date, "retry_in", wait, "err", err)
				break
			}
			doneDate = date
			wait = d.dueOn(now, 1).Sub(now)
		}
		if wait <= 0 {
			wait = minScheduleWait
		}
		wait = min(wait, maxScheduleWait)
		if err := d.sleep(ctx, wait); err != nil {
			return nil
		}
	}
}

// attempt is one try at the day's post, abandoned after postTimeout: the
// day then stays "posting", and the next try checks the channel before
// posting. It logs what happened and returns the error to retry on.
func (d *Scheduler) attempt(ctx context.Context, log *slog.Logger, pub Publisher, st State, now time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, postTimeout)
	defer cancel()
	res, err := d.post(ctx, pub, st, now)
	if err != nil {
		return err
	}
	switch res.Status {
	case Posted:
		log.Info("daily digest posted", "date", res.Date, "ts", res.TS, "articles", res.Articles)
	case Recovered:
		log.Warn("daily digest had been posted but not recorded; recorded it", "date", res.Date, "ts", res.TS)
	case AlreadyPosted:
		log.Info("daily digest already posted", "date", res.Date, "ts", res.TS)
	case NothingNew:
		log.Info("no new articles; daily digest not posted", "date", res.Date)
	case Elsewhere:
		log.Info("another replica is posting the daily digest; looking again in a minute", "date", res.Date)
		return errElsewhere
	}
	return nil
}

// errElsewhere is attempt's error when another replica holds the posting
// lease.
var errElsewhere = errors.New("another replica is posting the digest")

// dueOn is the posting time on the local date of now plus days. On a day
// whose clock skips that time Go moves it by the skipped hour; on a day
// that repeats it, it is one of the two. Either way each date gets one
// post, because posts are recorded by date.
func (d *Scheduler) dueOn(now time.Time, days int) time.Time {
	l := now.In(d.opts.Location)
	return time.Date(l.Year(), l.Month(), l.Day()+days, d.opts.Hour, d.opts.Minute, 0, 0, d.opts.Location)
}
