package config

import (
	"strings"
	"testing"
	"time"
)

func TestLoadEmbed(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Embed
		wantErr string
	}{
		{name: "none", env: nil, want: Embed{Timeout: 30 * time.Second}},
		{name: "model folder", env: map[string]string{"NEWSDESK_EMBED_MODEL": "/m/e5", "NEWSDESK_ONNXRUNTIME_LIB": "/lib/libonnxruntime.so.1"},
			want: Embed{ModelDir: "/m/e5", RuntimeLib: "/lib/libonnxruntime.so.1", Timeout: 30 * time.Second}},
		{name: "endpoint", env: map[string]string{"NEWSDESK_EMBED_URL": "http://localhost:11434/v1", "NEWSDESK_EMBED_MODEL_NAME": "nomic-embed-text", "NEWSDESK_EMBED_TIMEOUT": "5s"},
			want: Embed{URL: "http://localhost:11434/v1", ModelName: "nomic-embed-text", Timeout: 5 * time.Second}},
		{name: "endpoint reuses OPENAI_BASE_URL and key", env: map[string]string{"OPENAI_BASE_URL": "http://vllm:8000/v1", "OPENAI_API_KEY": "sk-1", "NEWSDESK_EMBED_MODEL_NAME": "bge"},
			want: Embed{URL: "http://vllm:8000/v1", ModelName: "bge", APIKey: "sk-1", Timeout: 30 * time.Second}},
		{name: "own key wins", env: map[string]string{"OPENAI_API_KEY": "sk-1", "NEWSDESK_EMBED_API_KEY": "sk-2", "NEWSDESK_EMBED_URL": "https://api.openai.com/v1", "NEWSDESK_EMBED_MODEL_NAME": "text-embedding-3-small"},
			want: Embed{URL: "https://api.openai.com/v1", ModelName: "text-embedding-3-small", APIKey: "sk-2", Timeout: 30 * time.Second}},
		{name: "both kinds", env: map[string]string{"NEWSDESK_EMBED_MODEL": "/m", "NEWSDESK_EMBED_URL": "http://x/v1", "NEWSDESK_EMBED_MODEL_NAME": "n"}, wantErr: "set one"},
		{name: "URL without a model name", env: map[string]string{"NEWSDESK_EMBED_URL": "http://x/v1"}, wantErr: "NEWSDESK_EMBED_MODEL_NAME is not"},
		{name: "model name without a URL", env: map[string]string{"NEWSDESK_EMBED_MODEL_NAME": "n"}, wantErr: "says where the endpoint is"},
		{name: "URL not http", env: map[string]string{"NEWSDESK_EMBED_URL": "localhost:11434", "NEWSDESK_EMBED_MODEL_NAME": "n"}, wantErr: "must start with http"},
		{name: "bad timeout", env: map[string]string{"NEWSDESK_EMBED_TIMEOUT": "soon"}, wantErr: "NEWSDESK_EMBED_TIMEOUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load error = %v; want one saying %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "sk-") {
					t.Errorf("error %q shows a key", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Embed != tt.want {
				t.Errorf("Embed = %+v; want %+v", c.Embed, tt.want)
			}
		})
	}
}
