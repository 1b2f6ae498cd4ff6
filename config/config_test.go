package config

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "./data" || c.CorpusDir != "" || c.Slack.ListenAddr != ":3000" || c.LLM.Timeout != 20*time.Second ||
		c.RescanInterval != 5*time.Minute || c.Digest.Hour != 8 || c.Digest.Minute != 0 || c.Digest.Location != time.UTC ||
		c.LLM.Enabled() || c.Workers != 4 || c.Queue != 32 {
		t.Errorf("defaults = %+v", c)
	}
}

func TestLoadValues(t *testing.T) {
	c, err := Load(env(map[string]string{
		"NEWSDESK_DATA_DIR": "/var/lib/newsdesk", "OPENAI_BASE_URL": "http://localhost:11434/v1",
		"NEWSDESK_DIGEST_TIME": "07:45", "NEWSDESK_DIGEST_TZ": "America/New_York", "NEWSDESK_DIGEST_EMPTY": "post",
		"NEWSDESK_LLM_TIMEOUT": "5s", "NEWSDESK_WORKERS": "2", "NEWSDESK_ANSWER_DEADLINE": "3m",
		"NEWSDESK_STATE_URL": "postgres://newsdesk:pw@db/newsdesk",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/var/lib/newsdesk" || !c.LLM.Enabled() || c.LLM.Model != "gpt-4o-mini" || c.Digest.Hour != 7 ||
		c.Digest.Minute != 45 || c.Digest.Location.String() != "America/New_York" || !c.Digest.PostEmpty ||
		c.LLM.Timeout != 5*time.Second || c.Workers != 2 || c.Deadline != 3*time.Minute ||
		c.StateURL.Reveal() != "postgres://newsdesk:pw@db/newsdesk" {
		t.Errorf("config = %+v", c)
	}
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	cases := []struct{ key, value string }{
		{"NEWSDESK_LLM_TIMEOUT", "soon"},
		{"NEWSDESK_LLM_TIMEOUT", "-1s"},
		{"NEWSDESK_RESCAN_INTERVAL", "5"},
		{"NEWSDESK_ANSWER_DEADLINE", "-1m"},
		{"NEWSDESK_DIGEST_TIME", "8am"},
		{"NEWSDESK_DIGEST_TIME", "25:00"},
		{"NEWSDESK_DIGEST_TZ", "Mars/Olympus"},
		{"NEWSDESK_DIGEST_EMPTY", "maybe"},
		{"NEWSDESK_WORKERS", "0"},
		{"NEWSDESK_LOG_LEVEL", "loud"},
		{"OPENAI_BASE_URL", "localhost:11434"},
		{"NEWSDESK_DIGEST_CHANNEL", "#news"},
		{"NEWSDESK_DIGEST_CHANNEL", "general"},
		{"OPENAI_MODEL", "llama3.1"}, // alone: OpenAI with no key
		{"NEWSDESK_STATE_URL", "mysql://db/newsdesk"},
	}
	for _, c := range cases {
		t.Run(c.key+"="+c.value, func(t *testing.T) {
			_, err := Load(env(map[string]string{c.key: c.value}))
			if err == nil || !strings.Contains(err.Error(), c.key) {
				t.Errorf("Load error = %v; want one naming %s", err, c.key)
			}
		})
	}
}

func TestLoadDigestChannel(t *testing.T) {
	for _, id := range []string{"C0123456789", "G01ABCDEF", "C1"} {
		c, err := Load(env(map[string]string{"NEWSDESK_DIGEST_CHANNEL": id}))
		if err != nil || c.Digest.Channel != id {
			t.Errorf("NEWSDESK_DIGEST_CHANNEL=%s: got %q, %v; want %q, no error", id, c.Digest.Channel, err, id)
		}
	}
}

// TestLoadSlackAPIURL checks that the Web API base URL ends in "/":
// slack-go appends the method name to it, so "…/api" would call "…/apiauth.test".
func TestLoadSlackAPIURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"https://slack.com/api/", "https://slack.com/api/"},
		{"https://slack.com/api", "https://slack.com/api/"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/"},
	}
	for _, tt := range tests {
		c, err := Load(env(map[string]string{"SLACK_API_URL": tt.in}))
		if err != nil || c.Slack.APIURL != tt.want {
			t.Errorf("SLACK_API_URL=%q: got %q, %v; want %q", tt.in, c.Slack.APIURL, err, tt.want)
		}
	}
}

func TestCheckSlack(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string // "" = valid
	}{
		{"http mode", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "x"}, ""},
		{"socket mode", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, ""},
		{"no bot token", map[string]string{"SLACK_SIGNING_SECRET": "x"}, "SLACK_BOT_TOKEN is not set"},
		{"user token", map[string]string{"SLACK_BOT_TOKEN": "xoxp-secret", "SLACK_SIGNING_SECRET": "x"}, "xoxb-"},
		{"bad app token", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-secret"}, "xapp-"},
		{"no secret", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"},
		{"bad api url", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "x", "SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Load(env(c.env))
			if err != nil {
				t.Fatal(err)
			}
			err = cfg.CheckSlack()
			switch {
			case c.want == "" && err != nil:
				t.Errorf("CheckSlack = %v; want nil", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("CheckSlack = %v; want an error mentioning %q", err, c.want)
			case err != nil && strings.Contains(err.Error(), "secret"+"") && strings.Contains(err.Error(), "xoxp-secret"):
				t.Errorf("CheckSlack error %q shows the token", err)
			}
		})
	}
}

func TestSecretRedacts(t *testing.T) {
	s := Secret("xoxb-very-secret")
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "token", s)
	j, _ := json.Marshal(struct{ T Secret }{s})
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%v %s %#v %+v", s, s, s, struct{ S Secret }{s}), logged.String(), string(j)} {
		if strings.Contains(out, "very-secret") {
			t.Errorf("secret shown in %q", out)
		}
	}
	if s.Reveal() != "xoxb-very-secret" {
		t.Errorf("Reveal = %q", s.Reveal())
	}
}

func TestDescribe(t *testing.T) {
	cases := []struct {
		name             string
		env              map[string]string
		summaries, embed string
	}{
		{"nothing", nil, "off", "off"},
		{"OpenAI", map[string]string{"OPENAI_API_KEY": "sk-secret"}, "model gpt-4o-mini at api.openai.com", "off"},
		{"local model", map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1", "OPENAI_MODEL": "llama3.1"}, "model llama3.1 at localhost:11434", "off"},
		{"URL with credentials", map[string]string{"OPENAI_BASE_URL": "https://user:pw@llm.example.com/v1", "OPENAI_MODEL": "m"}, "model m at llm.example.com", "off"},
		{"embeddings endpoint", map[string]string{"NEWSDESK_EMBED_URL": "http://127.0.0.1:8080/v1", "NEWSDESK_EMBED_MODEL_NAME": "e5"}, "off", "model e5 at 127.0.0.1:8080"},
		{"embeddings in-process", map[string]string{"NEWSDESK_EMBED_MODEL": "models/e5"}, "off", "model folder models/e5 (in-process)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Load(env(c.env))
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.LLM.Describe(); got != c.summaries {
				t.Errorf("LLM.Describe() = %q; want %q", got, c.summaries)
			}
			if got := cfg.Embed.Describe(); got != c.embed {
				t.Errorf("Embed.Describe() = %q; want %q", got, c.embed)
			}
		})
	}
}
