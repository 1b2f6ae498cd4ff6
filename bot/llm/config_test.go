package llm

import (
	"log/slog"
	"strings"
	"testing"
)

func TestConfigLogNoSecrets(t *testing.T) {
	var b strings.Builder
	log := slog.New(slog.NewTextHandler(&b, nil))
	log.Info("start", "llm", Config{APIKey: "sk-secret-4", Model: "m"})
	if strings.Contains(b.String(), "secret-4") {
		t.Errorf("log line %q shows the API key", b.String())
	}
	if !strings.Contains(b.String(), "api_key_set=true") {
		t.Errorf("log line %q does not say a key is set", b.String())
	}
}
