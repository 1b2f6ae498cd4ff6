package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// Defaults for SlackOptions fields left zero.
const (
	defaultWorkers       = 4
	defaultQueue         = 32
	defaultAnswerTimeout = 90 * time.Second
	defaultDrainTimeout  = 30 * time.Second
	defaultListenAddr    = ":3000"
)

// replyTimeout bounds one reply (an answer, an apology, a busy note) on its
// own, apart from the question's deadline.
const replyTimeout = 15 * time.Second

// replyContext is the context a reply is sent with: it keeps ctx's values
// but not its deadline or cancellation, so a question that ran out of time
// (or was cancelled by a shutdown drain) still gets its apology instead of
// silence. It ends after replyTimeout, or at ctx's deadline when that is
// later and ctx is still live (room to wait out a rate limit), so a hung
// Slack cannot hold a goroutine forever.
func replyContext(ctx context.Context) (context.Context, context.CancelFunc) {
	d := replyTimeout
	if dl, ok := ctx.Deadline(); ok && ctx.Err() == nil {
		d = max(d, time.Until(dl))
	}
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}

// Asker answers a question from the articles. *Answerer implements it.
type Asker interface {
	Ask(ctx context.Context, question string, opts AskOptions) (Answer, error)
}

// FigureFinder looks up the key figures on a topic. kind "" means every
// kind; k caps the number of figures.
type FigureFinder interface {
	Figures(ctx context.Context, topic string, kind string, k int) (FigureList, error)
}

// Digester renders the daily digest as it would be posted now, for
// "/newsdesk digest". The message's text and blocks must already be escaped
// and within Slack's limits.
type Digester interface {
	Preview(ctx context.Context) (Message, error)
}

// SlackOptions configure the Slack bot. They are plain values so that bot
// does not depend on the config package.
type SlackOptions struct {
	BotToken      string // xoxb-…; required
	AppToken      string // xapp-…; set means Socket Mode instead of HTTP
	SigningSecret string // verifies HTTP requests; required without AppToken
	APIURL        string // Web API base URL as for slack.OptionAPIURL; "" means Slack's own
	ListenAddr    string // HTTP mode; "" means ":3000"; "127.0.0.1:0" picks a free port
	DataDir       string // where the state file lives; required

	Workers       int           // questions answered at once; 0 means 4
	Queue         int           // questions waiting for a worker before the bot says it is busy; 0 means 32
	AnswerTimeout time.Duration // deadline of one question; 0 means 90s
	DrainTimeout  time.Duration // how long shutdown waits for answers in flight; 0 means 30s

	Logger     *slog.Logger      // nil discards logs
	HTTPClient *http.Client      // for the Web API and response_url; nil means http.DefaultClient
	Now        func() time.Time  // clock for signatures and state expiry; nil means time.Now
	Ready      func(addr string) // called with the listening address once HTTP requests are accepted
	Health     func() error      // /healthz answers 503 while it returns an error; nil means always healthy
	Digest     Digester          // nil: "/newsdesk digest" says the digest is not available yet
}

// SlackBot answers questions in Slack: mentions, DMs, thread follow-ups,
// slash commands and buttons, over Socket Mode or the HTTP Events API.
// Create it with NewSlackBot and run it with Run.
type SlackBot struct {
	opts   SlackOptions
	ask    Asker
	figs   FigureFinder
	client *SlackClient
	state  *State
	log    *slog.Logger
	now    func() time.Time
	me     Identity

	answerTimeout time.Duration
	shares        *answerCache

	pool *pool          // set by Run before any request is accepted
	aux  sync.WaitGroup // short replies sent outside the pool (busy notes, thanks)
}

// NewSlackBot checks the options, opens the state in opts.DataDir and asks
// Slack who the bot is (auth.test, bounded by ctx). It returns an error
// naming what is missing or rejected; the error never contains a token or
// the signing secret. figs may be nil: /figures then says it is not
// available yet.
func NewSlackBot(ctx context.Context, opts SlackOptions, ask Asker, figs FigureFinder) (*SlackBot, error) {
	switch {
	case opts.BotToken == "":
		return nil, errors.New("slack bot: SLACK_BOT_TOKEN is not set")
	case opts.AppToken == "" && opts.SigningSecret == "":
		return nil, errors.New("slack bot: SLACK_SIGNING_SECRET is not set (needed without SLACK_APP_TOKEN)")
	case opts.DataDir == "":
		return nil, errors.New("slack bot: no data folder")
	case ask == nil:
		return nil, errors.New("slack bot: no answerer")
	}
	b := &SlackBot{
		opts:          opts,
		ask:           ask,
		figs:          figs,
		log:           opts.Logger,
		now:           opts.Now,
		answerTimeout: opts.AnswerTimeout,
		shares:        newAnswerCache(256),
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.answerTimeout <= 0 {
		b.answerTimeout = defaultAnswerTimeout
	}
	st, err := OpenState(opts.DataDir, b.now)
	if err != nil {
		return nil, fmt.Errorf("slack bot: %w", err)
	}
	b.state = st
	b.client = NewSlackClient(opts.BotToken, opts.APIURL, opts.HTTPClient)
	me, err := b.client.Identity(ctx)
	if err != nil {
		return nil, fmt.Errorf("slack bot: check SLACK_BOT_TOKEN: %w", err)
	}
	b.me = me
	b.log = b.log.With("team", me.Team)
	return b, nil
}

// Client returns the bot's Web API client, for other features that post
// (the daily digest).
func (b *SlackBot) Client() *SlackClient { return b.client }

// State returns the bot's durable state, shared with other features that
// keep theirs in the data folder (State.Load/Save sections).
func (b *SlackBot) State() *State { return b.state }

// Identity returns who the bot is, from auth.test.
func (b *SlackBot) Identity() Identity { return b.me }

// Run serves Slack until ctx is done: over Socket Mode when an app token is
// set, else as an HTTP server on opts.ListenAddr. Every request is
// acknowledged before any work and answered on a bounded worker pool. When
// ctx is done Run stops accepting, waits up to DrainTimeout for answers in
// flight (then cancels them; each still posts its apology, within
// replyTimeout), and returns nil once no goroutine it started is left. It returns an error when listening or connecting fails. Run must
// be called once.
func (b *SlackBot) Run(ctx context.Context) error {
	workers, queue := b.opts.Workers, b.opts.Queue
	if workers <= 0 {
		workers = defaultWorkers
	}
	if queue <= 0 {
		queue = defaultQueue
	}
	drainTimeout := b.opts.DrainTimeout
	if drainTimeout <= 0 {
		drainTimeout = defaultDrainTimeout
	}
	b.pool = newPool(workers, queue)

	var err error
	if b.opts.AppToken != "" {
		b.log.Info("connecting over Socket Mode", "bot_user", b.me.UserID, "workers", workers, "queue", queue)
		err = b.runSocket(ctx)
	} else {
		err = b.runHTTP(ctx, drainTimeout)
	}

	b.log.Info("draining answers in flight", "timeout", drainTimeout)
	if !b.pool.drain(drainTimeout) {
		b.log.Warn("drain timed out; unfinished answers were cancelled")
	}
	b.aux.Wait()
	b.log.Info("slack bot stopped")
	return err
}

// Serve runs the Slack bot until ctx is done: NewSlackBot then Run. It is
// what `newsdesk serve` calls.
func Serve(ctx context.Context, opts SlackOptions, ask Asker, figs FigureFinder) error {
	b, err := NewSlackBot(ctx, opts, ask, figs)
	if err != nil {
		return err
	}
	return b.Run(ctx)
}

// CheckSlack validates the Slack credentials for `serve --check`: the bot
// token with auth.test and, in Socket Mode, the app token with
// apps.connections.open. It returns the workspace and bot user names, or an
// error naming the variable Slack rejected (never its value).
func CheckSlack(ctx context.Context, opts SlackOptions) (team, user string, err error) {
	if opts.BotToken == "" {
		return "", "", errors.New("SLACK_BOT_TOKEN is not set")
	}
	me, err := NewSlackClient(opts.BotToken, opts.APIURL, opts.HTTPClient).Identity(ctx)
	if err != nil {
		return "", "", fmt.Errorf("SLACK_BOT_TOKEN was not accepted: %w", err)
	}
	if opts.AppToken != "" {
		if _, _, err := socketAPI(opts).StartSocketModeContext(ctx); err != nil {
			return "", "", fmt.Errorf("SLACK_APP_TOKEN was not accepted (apps.connections.open): %w", err)
		}
	}
	return me.Team, me.User, nil
}

// socketAPI is a Web API client carrying the app-level token too.
func socketAPI(opts SlackOptions) *slack.Client {
	hc := opts.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	o := []slack.Option{slack.OptionHTTPClient(hc), slack.OptionAppLevelToken(opts.AppToken)}
	if opts.APIURL != "" {
		o = append(o, slack.OptionAPIURL(opts.APIURL))
	}
	return slack.New(opts.BotToken, o...)
}

// LogValue keeps the tokens and the signing secret out of any log line that
// prints the options.
func (o SlackOptions) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Bool("socket_mode", o.AppToken != ""), slog.String("api_url", o.APIURL),
		slog.String("listen_addr", o.ListenAddr), slog.String("data_dir", o.DataDir),
		slog.Int("workers", o.Workers), slog.Int("queue", o.Queue),
	)
}
