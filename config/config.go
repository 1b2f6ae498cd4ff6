package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Secret is a credential. It prints and logs as "[redacted]" so a token can
// never reach a log line or an error text by accident; Reveal returns it.
type Secret string

// Reveal returns the secret's value, for handing to the client that needs it.
func (s Secret) Reveal() string { return string(s) }

// String redacts the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString redacts the secret in %#v.
func (s Secret) GoString() string { return s.String() }

// LogValue redacts the secret in slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText redacts the secret in JSON and text encodings.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Config is every setting newsdesk reads from the environment. The zero value
// is not useful; build it with Load.
type Config struct {
	CorpusDir string // NEWSDESK_CORPUS_DIR; "" means the embedded default corpus
	DataDir   string // NEWSDESK_DATA_DIR; default "./data"
	StateURL  Secret // NEWSDESK_STATE_URL, postgres://…; "" means the state in DataDir
	LogLevel  slog.Level

	Slack  Slack
	LLM    LLM
	Embed  Embed
	Digest Digest

	Workers        int           // NEWSDESK_WORKERS: questions answered at once
	Queue          int           // NEWSDESK_QUEUE: questions waiting before askers are told the bot is behind
	Deadline       time.Duration // NEWSDESK_ANSWER_DEADLINE: how long after a question its answer counts as on time
	RescanInterval time.Duration // NEWSDESK_RESCAN_INTERVAL: how often serve re-reads the corpus
}

// Slack holds the Slack app's credentials and endpoints.
type Slack struct {
	BotToken      Secret // SLACK_BOT_TOKEN, xoxb-…
	AppToken      Secret // SLACK_APP_TOKEN, xapp-…; set means Socket Mode
	SigningSecret Secret // SLACK_SIGNING_SECRET; needed for the HTTP Events API
	APIURL        string // SLACK_API_URL, ending in "/" as slack-go needs; "" means Slack's own
	ListenAddr    string // NEWSDESK_LISTEN_ADDR; default ":3000"
}

// SocketMode reports whether the bot connects over Socket Mode instead of
// listening for HTTP requests.
func (s Slack) SocketMode() bool { return s.AppToken != "" }

// LLM holds the optional OpenAI-compatible endpoint.
type LLM struct {
	APIKey  Secret        // OPENAI_API_KEY
	BaseURL string        // OPENAI_BASE_URL, e.g. http://localhost:11434/v1
	Model   string        // OPENAI_MODEL
	Timeout time.Duration // NEWSDESK_LLM_TIMEOUT; default 20s
}

// Enabled reports whether a model is configured. Without one newsdesk
// answers extractively.
func (l LLM) Enabled() bool { return l.Model != "" || l.BaseURL != "" || l.APIKey != "" }

// Digest holds the daily digest schedule.
type Digest struct {
	Channel   string         // NEWSDESK_DIGEST_CHANNEL; "" means no digest
	Hour      int            // from NEWSDESK_DIGEST_TIME, default 08:00
	Minute    int            //
	Location  *time.Location // NEWSDESK_DIGEST_TZ, default UTC
	PostEmpty bool           // NEWSDESK_DIGEST_EMPTY=post
}

// Load reads the settings through getenv (os.Getenv, after godotenv has
// loaded .env) and validates them. The error names every variable that is
// wrong and what it should look like.
func Load(getenv func(string) string) (Config, error) {
	r := &reader{getenv: getenv}
	c := Config{
		CorpusDir:      r.get("NEWSDESK_CORPUS_DIR", ""),
		DataDir:        r.get("NEWSDESK_DATA_DIR", "./data"),
		StateURL:       r.stateURL("NEWSDESK_STATE_URL"),
		Workers:        r.positive("NEWSDESK_WORKERS", 4),
		Queue:          r.positive("NEWSDESK_QUEUE", 32),
		Deadline:       r.duration("NEWSDESK_ANSWER_DEADLINE", 10*time.Minute),
		RescanInterval: r.duration("NEWSDESK_RESCAN_INTERVAL", 5*time.Minute),
		LogLevel:       r.logLevel("NEWSDESK_LOG_LEVEL"),
		Slack:          r.slack(),
		LLM:            r.llm(),
		Embed:          r.embed(),
		Digest:         r.digest(),
	}
	return c, errors.Join(r.errs...)
}

// reader reads settings through getenv and collects what is wrong with
// them, so Load reports every bad variable at once.
type reader struct {
	getenv func(string) string
	errs   []error
}

// get returns key's trimmed value, or def when it is unset or blank.
func (r *reader) get(key, def string) string {
	if v := strings.TrimSpace(r.getenv(key)); v != "" {
		return v
	}
	return def
}

func (r *reader) fail(format string, args ...any) {
	r.errs = append(r.errs, fmt.Errorf(format, args...))
}

// duration reads a positive duration such as 20s.
func (r *reader) duration(key string, def time.Duration) time.Duration {
	v := r.get(key, "")
	if v == "" {
		return def
	}
	d, err := ParseDuration(v)
	if err != nil {
		r.fail("%s=%q is not a positive duration; use a value like 20s, 5m or 1d", key, v)
		return def
	}
	return d
}

// stateURL reads a PostgreSQL URL, postgres://user:password@host/db.
func (r *reader) stateURL(key string) Secret {
	v := r.get(key, "")
	if v != "" && !strings.HasPrefix(v, "postgres://") && !strings.HasPrefix(v, "postgresql://") {
		r.fail("%s must be a PostgreSQL URL such as postgres://newsdesk:PASSWORD@db.internal:5432/newsdesk (or unset, for the state in NEWSDESK_DATA_DIR)", key)
	}
	return Secret(v)
}

// positive reads a positive whole number.
func (r *reader) positive(key string, def int) int {
	v := r.get(key, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		r.fail("%s=%q is not a positive whole number", key, v)
		return def
	}
	return n
}

// logLevel reads debug, info (the default), warn or error.
func (r *reader) logLevel(key string) slog.Level {
	switch lvl := strings.ToLower(r.get(key, "info")); lvl {
	case "debug":
		return slog.LevelDebug
	case "info":
		return slog.LevelInfo
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	default:
		r.fail("%s=%q is not one of debug, info, warn, error", key, lvl)
		return slog.LevelInfo
	}
}

func (r *reader) slack() Slack {
	return Slack{
		BotToken:      Secret(r.get("SLACK_BOT_TOKEN", "")),
		AppToken:      Secret(r.get("SLACK_APP_TOKEN", "")),
		SigningSecret: Secret(r.get("SLACK_SIGNING_SECRET", "")),
		APIURL:        withSlash(r.get("SLACK_API_URL", "")),
		ListenAddr:    r.get("NEWSDESK_LISTEN_ADDR", ":3000"),
	}
}

func (r *reader) llm() LLM {
	l := LLM{
		APIKey:  Secret(r.get("OPENAI_API_KEY", "")),
		BaseURL: r.get("OPENAI_BASE_URL", ""),
		Model:   r.get("OPENAI_MODEL", ""),
		Timeout: r.duration("NEWSDESK_LLM_TIMEOUT", 20*time.Second),
	}
	if u := l.BaseURL; u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		r.fail("OPENAI_BASE_URL=%q must start with http:// or https:// (e.g. http://localhost:11434/v1)", u)
	}
	if l.Model != "" && l.BaseURL == "" && l.APIKey == "" {
		// Against OpenAI with no key every summary would fail, quietly.
		r.fail("OPENAI_MODEL=%q is set but neither OPENAI_BASE_URL nor OPENAI_API_KEY is: set OPENAI_BASE_URL for a local or hosted OpenAI-compatible server (e.g. http://localhost:11434/v1), OPENAI_API_KEY for OpenAI, or unset OPENAI_MODEL to answer without summaries", l.Model)
	}
	if l.Enabled() && l.Model == "" {
		l.Model = "gpt-4o-mini"
	}
	return l
}

// openAIHost is where summaries go when OPENAI_BASE_URL is unset.
const openAIHost = "api.openai.com"

// Describe says whether summaries are on and where they come from, for
// the line commands log at start: "off", or "model gpt-4o-mini at
// localhost:11434". It never includes the key.
func (l LLM) Describe() string {
	if !l.Enabled() {
		return "off"
	}
	return "model " + l.Model + " at " + host(l.BaseURL, openAIHost)
}

// host is the host (and port) of the URL u, without any credentials; def
// when u is empty.
func host(u, def string) string {
	if u == "" {
		return def
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return "an endpoint that is not a URL"
	}
	return p.Host
}

func (r *reader) digest() Digest {
	var d Digest
	d.Channel = r.get("NEWSDESK_DIGEST_CHANNEL", "")
	if ch := d.Channel; ch != "" && !channelID(ch) {
		// A name works for posting but not for reading the channel's
		// history, which the digest needs to avoid posting twice.
		r.fail("NEWSDESK_DIGEST_CHANNEL=%q is not a channel ID; use the ID such as C0123456789 (channel details → About, at the bottom), not its name", ch)
	}
	t := r.get("NEWSDESK_DIGEST_TIME", "08:00")
	hm, err := time.Parse("15:04", t)
	if err != nil {
		r.fail("NEWSDESK_DIGEST_TIME=%q is not a time of day; use 24-hour HH:MM such as 08:00", t)
	}
	d.Hour, d.Minute = hm.Hour(), hm.Minute()
	tz := r.get("NEWSDESK_DIGEST_TZ", "UTC")
	d.Location, err = time.LoadLocation(tz)
	if err != nil {
		r.fail("NEWSDESK_DIGEST_TZ=%q is not an IANA time zone; use a name such as Europe/London or America/New_York", tz)
		d.Location = time.UTC
	}
	switch e := strings.ToLower(r.get("NEWSDESK_DIGEST_EMPTY", "skip")); e {
	case "skip":
	case "post":
		d.PostEmpty = true
	default:
		r.fail("NEWSDESK_DIGEST_EMPTY=%q must be skip or post", e)
	}
	return d
}

// CheckSlack reports what is missing or malformed in the Slack settings that
// serve needs: the bot token always, then the app token (Socket Mode) or the
// signing secret (HTTP). Only presence and prefix are checked; the error
// never contains a secret's value.
func (c Config) CheckSlack() error {
	var errs []error
	switch tok := c.Slack.BotToken.Reveal(); {
	case tok == "":
		errs = append(errs, errors.New("SLACK_BOT_TOKEN is not set; copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page"))
	case !strings.HasPrefix(tok, "xoxb-"):
		errs = append(errs, errors.New("SLACK_BOT_TOKEN does not look like a bot token; it should start with xoxb-"))
	}
	if c.Slack.SocketMode() {
		if !strings.HasPrefix(c.Slack.AppToken.Reveal(), "xapp-") {
			errs = append(errs, errors.New("SLACK_APP_TOKEN does not look like an app-level token; it should start with xapp- (create one with the connections:write scope under Basic Information)"))
		}
	} else if c.Slack.SigningSecret == "" {
		errs = append(errs, errors.New("SLACK_SIGNING_SECRET is not set; set it from your Slack app's Basic Information page for the HTTP Events API, or set SLACK_APP_TOKEN (xapp-…) to use Socket Mode"))
	}
	if u := c.Slack.APIURL; u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		errs = append(errs, fmt.Errorf("SLACK_API_URL=%q must be an http(s) URL ending in /api/, like https://slack.com/api/", u))
	}
	return errors.Join(errs...)
}

// channelID reports whether s looks like a Slack conversation ID: C
// (channel), G (private channel) or D (DM), then capitals and digits.
func channelID(s string) bool {
	if len(s) < 2 || !strings.ContainsRune("CGD", rune(s[0])) {
		return false
	}
	for _, r := range s[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// withSlash adds the trailing "/" slack-go expects of a base URL: it
// appends the method name, so "…/api" would call "…/apiauth.test".
func withSlash(u string) string {
	if u == "" || strings.HasSuffix(u, "/") {
		return u
	}
	return u + "/"
}

// embed reads the embedding settings (see loadEmbed).
func (r *reader) embed() Embed {
	e, err := loadEmbed(r.get)
	if err != nil {
		r.errs = append(r.errs, err)
	}
	return e
}
