package slack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The manifest declares every Slash command of the registry, the events
// the bot reads and the scopes it needs.
func TestManifestMatchesBot(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "slack-app-manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct {
				Command string `yaml:"command"`
				URL     string `yaml:"url"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				RequestURL string   `yaml:"request_url"`
				BotEvents  []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				RequestURL string `yaml:"request_url"`
			} `yaml:"interactivity"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	var cmds []string
	for _, c := range m.Features.SlashCommands {
		cmds = append(cmds, c.Command)
		if !strings.HasSuffix(c.URL, "/slack/commands") {
			t.Errorf("%s url %q; want …/slack/commands", c.Command, c.URL)
		}
	}
	var registered []string
	for _, c := range commands {
		if c.Slash {
			registered = append(registered, "/"+c.Name)
		}
	}
	registered = append(registered, umbrella)
	tests := []struct{ what, got, want string }{
		{"commands", strings.Join(cmds, " "), strings.Join(registered, " ")},
		{"events", strings.Join(m.Settings.Events.BotEvents, " "), "app_mention message.im message.mpim message.channels message.groups"},
		{"scopes", strings.Join(m.OAuth.Scopes.Bot, " "), "app_mentions:read chat:write commands im:history mpim:history channels:history groups:history reactions:write"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("manifest %s: got %q; want %q", tt.what, tt.got, tt.want)
		}
	}
	if !strings.HasSuffix(m.Settings.Events.RequestURL, "/slack/events") || !strings.HasSuffix(m.Settings.Interactivity.RequestURL, "/slack/interactions") {
		t.Errorf("manifest request URLs %q, %q; want …/slack/events and …/slack/interactions", m.Settings.Events.RequestURL, m.Settings.Interactivity.RequestURL)
	}
}
