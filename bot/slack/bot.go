package slack

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	slackgo "github.com/slack-go/slack"

	"newsdesk/bot"
	"newsdesk/bot/digest"
	"newsdesk/bot/state"
)

// Defaults for Options fields left zero.
const (
	defaultWorkers       = 4
	defaultQueue         = 32
	defaultAnswerTimeout = 90 * time.Second
	defaultDrainTimeout  = 30 * time.Second
	defaultListenAddr    = ":3000"
)

// Asker answers a question from the articles. *bot.Answerer implements it.
type Asker interface {
	Ask(ctx context.Context, question string, opts bot.AskOptions) (bot.Answer, error)
}

// FigureFinder looks up the key figures on a topic. kind "" means every
// kind; k caps the number of figures. *bot.Answerer implements it.
type FigureFinder interface {
	Figures(ctx context.Context, topic string, kind string, k int) (bot.FigureList, error)
}

// Previewer builds the daily digest as it would be posted now, for
// "/newsdesk digest". *digest.Scheduler implements it.
type Previewer interface {
	Preview(ctx context.Context) (digest.Digest, error)
}

// Options configure the Slack bot. They are plain values so that the bot
// does not depend on the config package.
type Options struct {
	BotToken      string      // xoxb-…; required
	AppToken      string      // xapp-…; set means Socket Mode instead of HTTP
	SigningSecret string      // verifies HTTP requests; required without AppToken
	APIURL        string      // Web API base URL as for slack-go's OptionAPIURL; "" means Slack's own
	ListenAddr    string      // HTTP mode; "" means ":3000"; "127.0.0.1:0" picks a free port
	State         state.Store // which events were handled, threads, votes; required
	Pacer         state.Pacer // Slack's rate limits shared with other replicas; nil: this process paces itself

	Workers          int           // questions answered at once; 0 means 4
	Queue            int           // questions waiting before askers are told the bot is behind (and slash commands waiting before they are refused); 0 means 32
	AnswerTimeout    time.Duration // how long one answer may take to compose; 0 means 90s
	DeliveryDeadline time.Duration // how long after a question its answer is posted on time (else late, with an apology); 0 means 10m
	DrainTimeout     time.Duration // how long shutdown waits for answers in flight; 0 means 30s

	Logger     *slog.Logger      // nil discards logs
	HTTPClient *http.Client      // for the Web API and response_url; nil means http.DefaultClient
	Now        func() time.Time  // clock for signatures and timings; nil means time.Now
	Ready      func(addr string) // called with the listening address once HTTP requests are accepted
	Health     func() error      // /healthz answers 503 while it returns an error; nil means always healthy
	Digest     Previewer         // nil: "/newsdesk digest" says the digest is not available yet
}

// Bot answers questions in Slack: mentions, DMs, thread follow-ups, slash
// commands and buttons, over Socket Mode or the HTTP Events API. Create it
// with New and run it with Run.
type Bot struct {
	opts   Options
	ask    Asker
	figs   FigureFinder
	client *Client
	state  state.Store
	log    *slog.Logger
	now    func() time.Time
	me     Identity

	answerTimeout    time.Duration
	deliveryDeadline time.Duration
	lease            time.Duration // how long a worker holds a queued question between renewals
	queueNotice      int           // backlog past which askers get the queued note
	lateRetry        time.Duration // how often a late answer is tried again
	idlePoll         time.Duration // how often an idle worker looks for due work
	shares           *answerCache

	queue   *queue
	backlog atomic.Int64 // unfinished questions in the queue, as this process counts them
	pool    *pool        // slash commands and shares; set by Run before any request is accepted
	notices *notices     // set by Run before any request is accepted
}

// New checks the options and asks Slack who the bot is (auth.test,
// bounded by ctx). It returns an error naming what is missing or rejected;
// the error never contains a token or the signing secret. figs may be nil:
// /figures then says it is not available yet.
func New(ctx context.Context, opts Options, ask Asker, figs FigureFinder) (*Bot, error) {
	switch {
	case opts.BotToken == "":
		return nil, errors.New("slack bot: SLACK_BOT_TOKEN is not set")
	case opts.AppToken == "" && opts.SigningSecret == "":
		return nil, errors.New("slack bot: SLACK_SIGNING_SECRET is not set (needed without SLACK_APP_TOKEN)")
	case opts.State == nil:
		return nil, errors.New("slack bot: no state store")
	case ask == nil:
		return nil, errors.New("slack bot: no answerer")
	}
	b := &Bot{
		opts:          opts,
		state:         opts.State,
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
	b.deliveryDeadline = cmp.Or(opts.DeliveryDeadline, defaultDeliveryDeadline)
	b.lateRetry, b.idlePoll = defaultLateRetry, defaultIdlePoll
	b.lease = defaultJobLease
	b.queue = newQueue()
	b.client = NewClient(opts.BotToken, opts.APIURL, opts.HTTPClient)
	if opts.Pacer != nil {
		b.client.limits.share(opts.Pacer, b.log)
	}
	me, err := b.client.Identity(ctx)
	if err != nil {
		return nil, fmt.Errorf("slack bot: check SLACK_BOT_TOKEN: %w", err)
	}
	b.me = me
	b.log = b.log.With("team", me.Team)
	return b, nil
}

// Client returns the bot's Web API client, for other features that post
// (the daily digest, through NewDigestPublisher).
func (b *Bot) Client() *Client { return b.client }

// Run serves Slack until ctx is done: over Socket Mode when an app token is
// set, else as an HTTP server on opts.ListenAddr. Every question is
// recorded in the durable queue of the state store before it is
// acknowledged, and answered by Workers workers taking it from there, so a
// question acknowledged is answered even across a crash; questions left
// from an earlier run are answered first. When ctx is done Run stops
// accepting, waits up to DrainTimeout for answers in flight (then cancels
// their posts and leaves them in the queue for the next start), and
// returns nil once no goroutine it started is left. It returns an error
// when listening or connecting fails. Run must be called once.
func (b *Bot) Run(ctx context.Context) error {
	workers := cmp.Or(max(b.opts.Workers, 0), defaultWorkers)
	queue := cmp.Or(max(b.opts.Queue, 0), defaultQueue)
	drainTimeout := cmp.Or(max(b.opts.DrainTimeout, 0), defaultDrainTimeout)
	b.queueNotice = queue
	b.pool = newPool(workers, queue)
	b.notices = newNotices(b.log, b.now)
	if n, err := b.state.Queued(ctx); err != nil {
		b.log.Error("counting questions left in the queue", "err", err)
	} else if n > 0 {
		b.backlog.Store(int64(n))
		b.log.Info("answering questions left from the last run", "queued", n)
	}
	stopWorkers := b.runWorkers(workers)

	var err error
	if b.opts.AppToken != "" {
		b.log.Info("connecting over Socket Mode", "bot_user", b.me.UserID, "workers", workers, "queue", queue)
		err = b.runSocket(ctx)
	} else {
		err = b.runHTTP(ctx, drainTimeout)
	}

	b.log.Info("draining answers in flight", "timeout", drainTimeout)
	deadline := time.Now().Add(drainTimeout)
	if !stopWorkers(drainTimeout) {
		b.log.Warn("drain timed out; answers in flight stay queued for the next start")
	}
	if !b.pool.drain(max(time.Until(deadline), 0)) {
		b.log.Warn("drain timed out; unfinished slash commands were cancelled")
	}
	b.notices.close(deadline.Add(replyTimeout))
	b.log.Info("slack bot stopped")
	return err
}

// Check validates the Slack credentials for `serve --check`: the bot token
// with auth.test and, in Socket Mode, the app token with
// apps.connections.open, each bounded by ctx. It returns the workspace and
// bot user names, or an error naming the variable Slack rejected (never its
// value). It reads only the tokens, APIURL and HTTPClient of opts.
func Check(ctx context.Context, opts Options) (team, user string, err error) {
	if opts.BotToken == "" {
		return "", "", errors.New("SLACK_BOT_TOKEN is not set")
	}
	me, err := NewClient(opts.BotToken, opts.APIURL, opts.HTTPClient).Identity(ctx)
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
func socketAPI(opts Options) *slackgo.Client {
	hc := opts.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	o := []slackgo.Option{slackgo.OptionHTTPClient(hc), slackgo.OptionAppLevelToken(opts.AppToken)}
	if opts.APIURL != "" {
		o = append(o, slackgo.OptionAPIURL(opts.APIURL))
	}
	return slackgo.New(opts.BotToken, o...)
}

// LogValue keeps the tokens and the signing secret out of any log line that
// prints the options.
func (o Options) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Bool("socket_mode", o.AppToken != ""), slog.String("api_url", o.APIURL),
		slog.String("listen_addr", o.ListenAddr),
		slog.Int("workers", o.Workers), slog.Int("queue", o.Queue),
	)
}
