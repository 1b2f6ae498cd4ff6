package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
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

	Workers       int           // questions answered at once; 0 means 4
	Queue         int           // questions waiting for a worker before the bot says it is busy; 0 means 32
	AnswerTimeout time.Duration // deadline of one question; 0 means 90s
	DrainTimeout  time.Duration // how long shutdown waits for answers in flight; 0 means 30s

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

	answerTimeout time.Duration
	shares        *answerCache

	pool *pool          // set by Run before any request is accepted
	aux  sync.WaitGroup // short replies sent outside the pool (busy notes, thanks)
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
	b.client = NewClient(opts.BotToken, opts.APIURL, opts.HTTPClient)
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
// set, else as an HTTP server on opts.ListenAddr. Every request is
// acknowledged before any work and answered on a bounded worker pool. When
// ctx is done Run stops accepting, waits up to DrainTimeout for answers in
// flight (then cancels them; each still posts its apology, within
// replyTimeout), and returns nil once no goroutine it started is left. It
// returns an error when listening or connecting fails. Run must be called
// once.
func (b *Bot) Run(ctx context.Context) error {
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
