package bot

import (
	"log/slog"
	"strings"
	"testing"
)

func TestLLMConfigLogNoSecrets(t *testing.T) {
	var b strings.Builder
	log := slog.New(slog.NewTextHandler(&b, nil))
	log.Info("start", "llm", LLMConfig{APIKey: "sk-secret-4", Model: "m"})
	if strings.Contains(b.String(), "secret-4") {
		t.Errorf("log line %q shows the API key", b.String())
	}
}
