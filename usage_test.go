package main

import (
	"context"
	"strings"
	"testing"

	"newsdesk/index/bleve"
)

// Help goes to standard output and exits 0, for newsdesk and for each
// command, however it is asked for; settings that are wrong do not stop it.
func TestHelpPrintsToStdout(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"-h", nil, []string{"-h"}, "Commands:"},
		{"--help", nil, []string{"--help"}, "Commands:"},
		{"help", nil, []string{"help"}, "Exit status:"},
		{"ask -h", nil, []string{"ask", "-h"}, "Usage: newsdesk ask"},
		{"ask --help after the question", nil, []string{"ask", "what happened", "--help"}, "-no-llm"},
		{"help digest", nil, []string{"help", "digest"}, "whole days (1d, 7d)"},
		{"serve -h", nil, []string{"serve", "-h"}, "-check"},
		{"index -h with a bad setting", map[string]string{"NEWSDESK_WORKERS": "none"}, []string{"index", "-h"}, "Usage: newsdesk index"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := runCLI(t, c.env, "", c.args...)
			if code != 0 || errs != "" || !strings.Contains(out, c.want) {
				t.Errorf("exit %d, stderr %q, stdout %.200q; want exit 0, no stderr, stdout with %q", code, errs, out, c.want)
			}
		})
	}
}

// The exit status says who has to act: 0 done, 1 the command failed, 2 the
// command line or a setting is wrong (running it again unchanged cannot
// succeed), the same for every command.
func TestExitCodes(t *testing.T) {
	held := t.TempDir()
	lock, err := bleve.Open(context.Background(), held, bleve.Options{Owner: "newsdesk serve"})
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	post := map[string]string{"NEWSDESK_DIGEST_CHANNEL": "C0DIGEST", "SLACK_BOT_TOKEN": "xoxb-test"}
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string // in stderr
	}{
		{"no command", nil, nil, 2, "no command given"},
		{"unknown command", nil, []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"bad flag", nil, []string{"index", "--nope"}, 2, "flag provided but not defined"},
		{"ask without a question", nil, []string{"ask"}, 2, "ask needs a question"},
		{"malformed setting", map[string]string{"NEWSDESK_LLM_TIMEOUT": "soon"}, []string{"ask", "q"}, 2, "NEWSDESK_LLM_TIMEOUT"},
		{"malformed setting, another command", map[string]string{"NEWSDESK_DIGEST_TZ": "Mars/Olympus"}, []string{"index"}, 2, "NEWSDESK_DIGEST_TZ"},
		{"serve without a bot token", map[string]string{"SLACK_SIGNING_SECRET": "s"}, []string{"serve"}, 2, "SLACK_BOT_TOKEN is not set"},
		{"serve --check without a bot token", nil, []string{"serve", "--check"}, 2, "SLACK_BOT_TOKEN is not set"},
		{"digest --post without a channel", map[string]string{"SLACK_BOT_TOKEN": "xoxb-test"}, []string{"digest", "--post"}, 2, "NEWSDESK_DIGEST_CHANNEL"},
		{"digest --post without a token", map[string]string{"NEWSDESK_DIGEST_CHANNEL": "C0DIGEST"}, []string{"digest", "--post"}, 2, "SLACK_BOT_TOKEN"},
		{"digest --post --since", post, []string{"digest", "--post", "--since", "24h"}, 2, "--since is for previews"},
		{"eval --llm without a model", nil, []string{"eval", "--llm", "testdata/eval/qa.jsonl"}, 2, "eval --llm needs a model"},
		{"bench without questions", nil, []string{"bench"}, 2, "bench needs --questions"},
		{"OPENAI_MODEL alone (OpenAI with no key)", map[string]string{"OPENAI_MODEL": "llama3.1"}, []string{"ask", "q"}, 2, "neither OPENAI_BASE_URL nor OPENAI_API_KEY"},
		{"OPENAI_MODEL alone, serve", map[string]string{"OPENAI_MODEL": "llama3.1", "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s"}, []string{"serve", "--check"}, 2, "OPENAI_MODEL"},
		{"digest --since in days", nil, []string{"digest", "--since", "1d"}, 0, ""},
		{"digest --since 7d", nil, []string{"digest", "--since", "7d", "--json"}, 0, ""},
		{"digest --since negative", nil, []string{"digest", "--since", "-24h"}, 2, "above zero"},
		{"digest --since negative days", nil, []string{"digest", "--since", "-1d"}, 2, "above zero"},
		{"digest --since unknown unit", nil, []string{"digest", "--since", "1w"}, 2, "use hours or days, e.g. 24h or 7d"},
		{"ask", nil, []string{"ask", "How much support did allies provide Ukraine in 2024?"}, 0, ""},
		{"corpus folder missing", nil, []string{"index", "--corpus", "testdata/no-such-folder"}, 1, "load corpus"},
		{"data folder in use", map[string]string{"NEWSDESK_DATA_DIR": held}, []string{"ask", "q"}, 1, "in use by pid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runCLI(t, c.env, "", c.args...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errs, c.code, c.want)
			}
		})
	}
}
