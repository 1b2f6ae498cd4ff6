package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// digestSection is the State section holding the digest's progress.
const digestSection = "digest"

// Scheduling constants.
const (
	maxScheduleWait = 15 * time.Minute // wake at least this often, so a suspended machine or a clock change is noticed
	minScheduleWait = time.Minute      // waited instead of a due time already past, so the loop never spins
	maxRetryWait    = 30 * time.Minute // backoff cap after a failed post
	keepDays        = 60               // days of post records kept in the state
	historyPages    = 5                // pages of channel history searched for an unrecorded post
	historyMargin   = time.Hour        // looked back before the recorded start, for clock skew
)

// The status of one local date's digest in the state.
const (
	dayPosting = "posting" // the post was being made; it may or may not have landed
	dayPosted  = "posted"  // posted, with its ts
	dayEmpty   = "empty"   // nothing new that day; nothing posted (PostEmpty off)
)

// PostStatus says what Post did.
type PostStatus string

// The outcomes of Post.
const (
	Posted        PostStatus = "posted"         // today's digest was posted now
	AlreadyPosted PostStatus = "already-posted" // it had been posted before (found in the state)
	Recovered     PostStatus = "recovered"      // an earlier post was found in the channel's history and recorded
	NothingNew    PostStatus = "nothing-new"    // no new articles today; nothing posted
)

// PostResult is what Post reports.
type PostResult struct {
	Date     string     `json:"date"`         // the local date, YYYY-MM-DD
	Status   PostStatus `json:"status"`       //
	TS       string     `json:"ts,omitempty"` // the digest message's ts when there is one
	Articles int        `json:"articles"`     // articles in a digest posted now
}

// DigestOptions configure the daily digest. They are plain values so that
// bot does not depend on the config package.
type DigestOptions struct {
	Channel   string         // channel ID to post in; "" means nothing is posted (previews still work)
	Hour      int            // local time of the daily post
	Minute    int            //
	Location  *time.Location // nil means UTC
	PostEmpty bool           // on a day with nothing new, post a one-line "no new articles"

	Logger *slog.Logger                                     // nil discards logs
	Now    func() time.Time                                 // nil means time.Now
	Sleep  func(ctx context.Context, d time.Duration) error // waits d or until ctx is done; nil means a real timer
}

// dayRecord is one local date's digest in the state.
type dayRecord struct {
	Status  string      `json:"status"`
	Channel string      `json:"channel,omitempty"`
	TS      string      `json:"ts,omitempty"`
	Started time.Time   `json:"started,omitzero"`
	Done    time.Time   `json:"done,omitzero"`
	Next    *digestMark `json:"next,omitempty"` // the mark adopted once the post is recorded
}

// digestState is the State section: how far the digests have got and what
// happened on each recent date.
type digestState struct {
	Mark *digestMark          `json:"mark,omitempty"` // nil: no digest was ever posted
	Days map[string]dayRecord `json:"days"`
}

// Digests builds, previews, posts and schedules the daily digest. Posting
// keeps a per-date record in the bot's State, written before and after
// each post, so a digest is posted at most once a day whatever restarts,
// crashes or clock changes happen. It implements Digester. Create it with
// NewDigests.
type Digests struct {
	store ArticleStore
	sum   Summarizer
	opts  DigestOptions
	log   *slog.Logger
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex // serializes posts
	smu   sync.Mutex
	state *State // the state Run posts with; Preview reads the mark from it
}

// NewDigests returns the digest over store. sum may be nil (no overview).
func NewDigests(store ArticleStore, sum Summarizer, opts DigestOptions) *Digests {
	d := &Digests{store: store, sum: sum, opts: opts, log: opts.Logger, now: opts.Now, sleep: opts.Sleep}
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
		d.sleep = sleepCtx
	}
	return d
}

func (d *Digests) date(t time.Time) string { return t.In(d.opts.Location).Format("2006-01-02") }

func loadDigestState(st *State) (digestState, error) {
	var s digestState
	if st != nil {
		if _, err := st.Load(digestSection, &s); err != nil {
			return digestState{}, err
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
func (d *Digests) Next(ctx context.Context, st *State) (Digest, error) {
	s, err := loadDigestState(st)
	if err != nil {
		return Digest{}, err
	}
	dg, _, err := buildDigest(ctx, d.store, d.sum, d.log, d.date(d.now()), s.Mark)
	return dg, err
}

// Since builds a digest of the articles indexed or changed after t, for
// previews such as `newsdesk digest --since 24h`. It records nothing.
func (d *Digests) Since(ctx context.Context, t time.Time) (Digest, error) {
	dg, _, err := buildDigest(ctx, d.store, d.sum, d.log, d.date(d.now()), &digestMark{At: t})
	return dg, err
}

// Preview renders the digest as it would be posted now, for "/newsdesk
// digest". It uses the state Run posts with; before Run it shows the
// latest articles, as a first digest would.
func (d *Digests) Preview(ctx context.Context) (Message, error) {
	d.smu.Lock()
	st := d.state
	d.smu.Unlock()
	dg, err := d.Next(ctx, st)
	if err != nil {
		return Message{}, err
	}
	return digestMessage(dg), nil
}

// Post posts today's digest (the local date in opts.Location) to
// opts.Channel unless that date's digest was already posted or found empty.
// Before posting it records the date as "posting"; after, as posted with
// the message's ts. When it finds a "posting" record (a crash or failure
// after the post was sent but before it was recorded), it looks for the
// bot's own digest of that date in the channel's recent history
// (conversations.history, which needs the channels:history or
// groups:history scope) and posts only when it is not there; if the
// history cannot be read it returns an error and posts nothing.
//
// It returns an error when the state cannot be read or written, the index
// cannot be read, or Slack refuses; ctx bounds every call.
func (d *Digests) Post(ctx context.Context, client *SlackClient, st *State) (PostResult, error) {
	return d.post(ctx, client, st, d.now())
}

func (d *Digests) post(ctx context.Context, client *SlackClient, st *State, now time.Time) (PostResult, error) {
	if d.opts.Channel == "" {
		return PostResult{}, errors.New("post digest: no digest channel (set NEWSDESK_DIGEST_CHANNEL)")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	date := d.date(now)
	res := PostResult{Date: date}
	s, err := loadDigestState(st)
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
		ts, found, err := d.findPosted(ctx, client, day.Channel, date, day.Started)
		if err != nil {
			return res, fmt.Errorf("post digest %s: an earlier post may have landed; check the channel history%s: %w", date, digestHint(err), err)
		}
		if found {
			if err := d.record(st, &s, date, day, ts, now); err != nil {
				return res, err
			}
			res.Status, res.TS = Recovered, ts
			return res, nil
		}
	}

	dg, next, err := buildDigest(ctx, d.store, d.sum, d.log, date, s.Mark)
	if err != nil {
		return res, fmt.Errorf("post digest %s: %w", date, err)
	}
	if dg.Empty() && !d.opts.PostEmpty {
		s.Days[date] = dayRecord{Status: dayEmpty, Done: now}
		prune(&s, now, d.opts.Location)
		if err := st.Save(digestSection, s); err != nil {
			return res, fmt.Errorf("record empty digest %s: %w", date, err)
		}
		res.Status = NothingNew
		return res, nil
	}

	day = dayRecord{Status: dayPosting, Channel: d.opts.Channel, Started: now, Next: &next}
	s.Days[date] = day
	if err := st.Save(digestSection, s); err != nil {
		return res, fmt.Errorf("record digest %s as posting: %w", date, err)
	}
	ts, err := client.Post(ctx, d.opts.Channel, "", digestMessage(dg))
	if err != nil {
		if _, refused := errors.AsType[slack.SlackErrorResponse](err); refused {
			// Slack answered and did not post: nothing to look for next time.
			delete(s.Days, date)
			if serr := st.Save(digestSection, s); serr != nil {
				err = errors.Join(err, serr)
			}
		}
		return res, fmt.Errorf("post digest %s%s: %w", date, digestHint(err), err)
	}
	if err := d.record(st, &s, date, day, ts, now); err != nil {
		return PostResult{Date: date, Status: Posted, TS: ts, Articles: len(dg.Articles)}, err
	}
	return PostResult{Date: date, Status: Posted, TS: ts, Articles: len(dg.Articles)}, nil
}

// digestHint says what the operator can do about an error Slack answered
// a digest call with, as " (to fix: …)", or "" when there is nothing
// specific to say.
func digestHint(err error) string {
	ser, ok := errors.AsType[slack.SlackErrorResponse](err)
	if !ok {
		return ""
	}
	var fix string
	switch ser.Err {
	case "not_in_channel":
		fix = "invite the bot to the channel, e.g. /invite @newsdesk"
	case "channel_not_found", "is_archived":
		fix = "set NEWSDESK_DIGEST_CHANNEL to the ID (C…) of a channel the bot is in"
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive":
		fix = "check SLACK_BOT_TOKEN (newsdesk serve --check)"
	case "missing_scope":
		fix = "add the scopes of slack-app-manifest.yaml to the app and reinstall it"
		if ser.Needed != "" {
			fix += " (needed: " + ser.Needed + ")"
		}
	default:
		return ""
	}
	return " (to fix: " + fix + ")"
}

// record marks date as posted with ts and adopts the mark the post was
// built with.
func (d *Digests) record(st *State, s *digestState, date string, day dayRecord, ts string, now time.Time) error {
	if day.Next != nil {
		s.Mark = day.Next
	}
	day.Status, day.TS, day.Done, day.Next = dayPosted, ts, now, nil
	s.Days[date] = day
	prune(s, now, d.opts.Location)
	if err := st.Save(digestSection, *s); err != nil {
		return fmt.Errorf("record posted digest %s (ts %s): %w", date, ts, err)
	}
	return nil
}

// prune forgets dates older than keepDays.
func prune(s *digestState, now time.Time, loc *time.Location) {
	cut := now.In(loc).AddDate(0, 0, -keepDays).Format("2006-01-02")
	for date := range s.Days {
		if date < cut {
			delete(s.Days, date)
		}
	}
}

// findPosted looks in channel's history since started (less a margin) for
// the bot's own digest of date, recognized by its marker text.
func (d *Digests) findPosted(ctx context.Context, client *SlackClient, channel, date string, started time.Time) (string, bool, error) {
	if channel == "" {
		channel = d.opts.Channel
	}
	me, err := client.Identity(ctx)
	if err != nil {
		return "", false, err
	}
	marker := digestMarker(date)
	oldest := started.Add(-historyMargin)
	params := &slack.GetConversationHistoryParameters{
		ChannelID: channel,
		Oldest:    strconv.FormatInt(oldest.Unix(), 10) + ".000000",
		Limit:     200,
	}
	for range historyPages {
		var resp *slack.GetConversationHistoryResponse
		err := client.retry(ctx, func() (err error) {
			resp, err = client.API().GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return "", false, fmt.Errorf("conversations.history in %s: %w", channel, err)
		}
		for _, m := range resp.Messages {
			mine := (me.BotID != "" && m.BotID == me.BotID) || (me.UserID != "" && m.User == me.UserID)
			if mine && strings.Contains(m.Text, marker) {
				return m.Timestamp, true, nil
			}
		}
		if !resp.HasMore || resp.ResponseMetaData.NextCursor == "" {
			break
		}
		params.Cursor = resp.ResponseMetaData.NextCursor
	}
	return "", false, nil
}

// postTimeout bounds one attempt to post the digest.
const postTimeout = 5 * time.Minute

// Run posts the digest every day at the configured local time until ctx is
// done, then returns nil. Started after that time, it posts the day's
// digest at once unless it was already posted (catch-up); a failed post is
// retried with backoff until the day ends. Each local date gets at most one
// post, also on the days clocks change. Errors are logged, never returned:
// Run only returns an error when no channel is configured. Preview uses st
// from the moment Run starts.
func (d *Digests) Run(ctx context.Context, client *SlackClient, st *State) error {
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
			// A post that hangs is abandoned after postTimeout: the day stays
			// "posting", and the next try checks the channel before posting.
			pctx, cancel := context.WithTimeout(ctx, postTimeout)
			res, err := d.post(pctx, client, st, now)
			cancel()
			if ctx.Err() != nil {
				return nil
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
			switch res.Status {
			case Posted:
				log.Info("daily digest posted", "date", date, "ts", res.TS, "articles", res.Articles)
			case Recovered:
				log.Warn("daily digest had been posted but not recorded; recorded it", "date", date, "ts", res.TS)
			case NothingNew:
				log.Info("no new articles; daily digest not posted", "date", date)
			}
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

// dueOn is the posting time on the local date of now plus days. On a day
// whose clock skips that time Go moves it by the skipped hour; on a day
// that repeats it, it is one of the two. Either way each date gets one
// post, because posts are recorded by date.
func (d *Digests) dueOn(now time.Time, days int) time.Time {
	l := now.In(d.opts.Location)
	return time.Date(l.Year(), l.Month(), l.Day()+days, d.opts.Hour, d.opts.Minute, 0, 0, d.opts.Location)
}
