package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index/bleve"
)

// runCLI runs the command line with a clean environment plus env, in its own
// data folder, and returns stdout, stderr and the exit code.
func runCLI(tb testing.TB, env map[string]string, stdin string, args ...string) (string, string, int) {
	tb.Helper()
	if _, ok := env["NEWSDESK_DATA_DIR"]; !ok {
		if env == nil {
			env = map[string]string{}
		}
		env["NEWSDESK_DATA_DIR"] = tb.TempDir()
	}
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errb)
	if err != nil {
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), exitCode(err)
}

type jsonAnswer struct {
	Question  string
	Mode      string
	Answer    string
	Model     string
	Citations []jsonCitation
	Related   []jsonCitation
}

type jsonCitation struct {
	ArticleID string `json:"article_id"`
	Title     string
	Source    string
	URL       string
	PassageID string `json:"passage_id"`
	Locator   string
	Text      string
	Score     float64
}

func decode[T any](tb testing.TB, s string) T {
	tb.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		tb.Fatalf("decode %q: %v", s, err)
	}
	return v
}

func TestAskEmbeddedCorpus(t *testing.T) {
	out, errs, code := runCLI(t, nil, "", "ask", "--json", "How much money did NATO allies give Ukraine in 2024?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	ans := decode[jsonAnswer](t, out)
	if ans.Mode != "extractive" || len(ans.Citations) == 0 {
		t.Fatalf("mode %q, %d citations; want extractive with a citation", ans.Mode, len(ans.Citations))
	}
	c := ans.Citations[0]
	if !strings.Contains(c.Text, "over €50 billion") || !strings.Contains(ans.Answer, "over €50 billion") {
		t.Errorf("answer %q citing %q; want the over €50 billion passage", ans.Answer, c.Text)
	}
	if c.ArticleID != "ukraine-nato-security-guarantees" || c.Title == "" || c.Source == "" || c.PassageID == "" || !strings.HasPrefix(c.Locator, "European Coalition") {
		t.Errorf("citation = %+v; want article, title, source, passage ID and locator", c)
	}
}

// A question on the embedded article's topic that it does not answer (it
// gives 2024's support, not 2021's) is not answered with 2024's figure.
func TestAskUnanswerableOnTopic(t *testing.T) {
	out, errs, code := runCLI(t, nil, "", "ask", "--json", "How much money did NATO allies give Ukraine in 2021?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	ans := decode[jsonAnswer](t, out)
	if ans.Mode != "none" || ans.Answer != "I couldn't find this in the articles." || len(ans.Citations) != 0 || len(ans.Related) == 0 {
		t.Errorf("mode %q, answer %q, %d citations, %d related; want no answer with the closest passages", ans.Mode, ans.Answer, len(ans.Citations), len(ans.Related))
	}
}

// The text answer names the source and links to it, beside the quoted
// passage.
func TestAskHumanOutput(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"embedded article", []string{"ask", "How much support did allies provide Ukraine in 2024?"},
			[]string{"over €50 billion", "Source: Ukraine signals", "European Coalition Architecture", "— seed-articles/000_e10eded68e9ffdf2.txt", "  > NATO allies"}},
		{"source name and URL", []string{"ask", "--corpus", "testdata/articles", "How much will the Northport harbour expansion cost?"},
			[]string{"Source: Northport council approves £40m harbour expansion", "— Northport Gazette (test article written for newsdesk), https://example.org/northport/harbour-expansion (2025-03-04)", "  > "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := runCLI(t, nil, "", c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, want := range c.want {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// The help's example question is one the corpus in use can answer: the
// embedded article's only when it is the corpus.
func TestExampleQuestionFitsCorpus(t *testing.T) {
	const embedded = "How much support did allies provide Ukraine in 2024?"
	cases := []struct {
		name   string
		env    map[string]string
		args   []string
		stdout bool // the example is in stdout (help), else in stderr (an error)
		want   bool // the embedded article's question is shown
	}{
		{"ask without a question", nil, []string{"ask"}, false, true},
		{"ask --corpus without a question", nil, []string{"ask", "--corpus", "testdata/articles"}, false, false},
		{"ask without a question, corpus from the environment", map[string]string{"NEWSDESK_CORPUS_DIR": "testdata/articles"}, []string{"ask"}, false, false},
		{"ask -h", nil, []string{"ask", "-h"}, true, true},
		{"ask --corpus DIR -h", nil, []string{"ask", "--corpus", "testdata/articles", "-h"}, true, false},
		{"-h", nil, []string{"-h"}, true, true},
		{"-h, corpus from the environment", map[string]string{"NEWSDESK_CORPUS_DIR": "testdata/articles"}, []string{"-h"}, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errs, _ := runCLI(t, c.env, "", c.args...)
			text := errs
			if c.stdout {
				text = out
			}
			if !strings.Contains(text, "newsdesk ask") {
				t.Fatalf("no example in %q", text)
			}
			if got := strings.Contains(text, embedded); got != c.want {
				t.Errorf("embedded article's question shown: %v; want %v in:\n%s", got, c.want, text)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "no command"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"empty question", []string{"ask", "  "}, 2, "ask needs a question"},
		{"no question", []string{"ask", "--json"}, 2, "ask needs a question"},
		{"long question", []string{"ask", strings.Repeat("word ", 401)}, 2, "longer than 2000 characters"},
		{"bad flag", []string{"ask", "--nope", "q"}, 2, "flag provided but not defined"},
		{"bad kind", []string{"figures", "--kind", "weight", "x"}, 2, "unknown figure kind"},
		{"eval --llm without a model", []string{"eval", "--llm", "testdata/eval/qa.jsonl"}, 2, "eval --llm needs a model"},
		{"help", []string{"help"}, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runCLI(t, nil, "", c.args...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errs, c.code, c.want)
			}
		})
	}
}

func TestConfigErrorNamesVariable(t *testing.T) {
	_, errs, code := runCLI(t, map[string]string{"NEWSDESK_LLM_TIMEOUT": "soon"}, "", "ask", "anything")
	if code != 2 || !strings.Contains(errs, "NEWSDESK_LLM_TIMEOUT") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming NEWSDESK_LLM_TIMEOUT", code, errs)
	}
}

func TestIndexCommand(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"NEWSDESK_DATA_DIR": data, "NEWSDESK_CORPUS_DIR": "testdata/articles"}
	type counts struct {
		Added, Updated, Removed, Unchanged, Articles int
		Skipped                                      []struct{ Path, Reason string }
	}
	out, errs, code := runCLI(t, env, "", "index", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if got := decode[counts](t, out); got.Added != 6 || got.Articles != 6 {
		t.Errorf("first index = %+v; want 6 added", got)
	}
	out, _, _ = runCLI(t, env, "", "index", "--json")
	if got := decode[counts](t, out); got.Unchanged != 6 || got.Added != 0 {
		t.Errorf("second index = %+v; want 6 unchanged", got)
	}
}

// Each corpus has its own index in the data folder: indexing another one
// leaves the first as it was, and an index of the earlier layout (one
// index right in data/index) is taken over by the corpus opened first.
func TestIndexKeepsOneIndexPerCorpus(t *testing.T) {
	data := t.TempDir()
	legacy, err := bleve.Open(context.Background(), data, bleve.Options{Owner: "an earlier newsdesk"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := legacy.Update(context.Background(), corpus.Default(), nil); err != nil {
		t.Fatal(err)
	}
	legacy.Close()

	type counts struct {
		Index                                        string
		Added, Updated, Removed, Unchanged, Articles int
		Rebuilt                                      bool
	}
	steps := []struct {
		name   string
		corpus string
		want   counts // Index is the folder's name under data/index
	}{
		{"embedded takes over the earlier index", "", counts{Index: "embedded", Unchanged: 1, Articles: 1}},
		{"another corpus gets its own", "testdata/articles", counts{Index: "articles-", Added: 6, Articles: 6, Rebuilt: true}},
		{"the embedded index is as it was", "", counts{Index: "embedded", Unchanged: 1, Articles: 1}},
		{"so is the other", "testdata/articles", counts{Index: "articles-", Unchanged: 6, Articles: 6}},
	}
	for _, s := range steps {
		env := map[string]string{"NEWSDESK_DATA_DIR": data, "NEWSDESK_CORPUS_DIR": s.corpus}
		out, errs, code := runCLI(t, env, "", "index", "--json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", s.name, code, errs)
		}
		got := decode[counts](t, out)
		dir, _ := filepath.Rel(filepath.Join(data, "index"), got.Index)
		if !strings.HasPrefix(dir, s.want.Index) || got.Added != s.want.Added || got.Removed != 0 ||
			got.Unchanged != s.want.Unchanged || got.Articles != s.want.Articles || got.Rebuilt != s.want.Rebuilt {
			t.Errorf("%s: %+v; want %+v in data/index/%s…", s.name, got, s.want, s.want.Index)
		}
	}
}

func TestFiguresCommand(t *testing.T) {
	type figure struct {
		Text, Kind, Unit, Qualifier, Subject, Period string
		Value                                        float64
		Citation                                     jsonCitation
	}
	type list struct {
		Topic   string
		Figures []figure
	}
	cases := []struct {
		topic string
		text  string
		value float64
		unit  string
	}{
		{"support 2024", "over €50 billion", 5e10, "EUR"},
		{"NATO members", "32", 32, ""},
		{"2025", "€35 billion", 3.5e10, "EUR"},
	}
	data := t.TempDir()
	for _, c := range cases {
		t.Run(c.topic, func(t *testing.T) {
			out, errs, code := runCLI(t, map[string]string{"NEWSDESK_DATA_DIR": data}, "", "figures", "--json", c.topic)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			got := decode[list](t, out)
			if got.Topic != c.topic || len(got.Figures) == 0 {
				t.Fatalf("got %+v; want figures about %q", got, c.topic)
			}
			f := got.Figures[0]
			if f.Text != c.text || f.Value != c.value || f.Unit != c.unit {
				t.Errorf("first figure = %q %g %q; want %q %g %q", f.Text, f.Value, f.Unit, c.text, c.value, c.unit)
			}
			if !strings.Contains(f.Citation.Text, c.text) || f.Citation.PassageID == "" || f.Citation.Title == "" {
				t.Errorf("citation = %+v; want the passage holding %q", f.Citation, c.text)
			}
		})
	}
}

func TestFiguresStdin(t *testing.T) {
	out, errs, code := runCLI(t, nil, "Revenue rose 25.7% to $35bn (£18.8bn).\n\nNothing here.\n", "figures", "--stdin", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines; want one per input line (3):\n%s", len(lines), out)
	}
	type line struct {
		Line    int
		Figures []struct{ Text string }
	}
	var texts []string
	for _, f := range decode[line](t, lines[0]).Figures {
		texts = append(texts, f.Text)
	}
	if got := strings.Join(texts, "|"); got != "25.7%|$35bn|£18.8bn" {
		t.Errorf("line 1 figures = %q; want 25.7%%|$35bn|£18.8bn", got)
	}
	if l := decode[line](t, lines[2]); l.Line != 3 || len(l.Figures) != 0 {
		t.Errorf("line 3 = %+v; want line 3 with no figures", l)
	}
}

func TestDataFolderLocked(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"NEWSDESK_DATA_DIR": data}
	// Hold the folder the way serve does, then try a command on it.
	ix, err := bleve.Open(context.Background(), data, bleve.Options{Owner: "newsdesk serve"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	_, errs, code := runCLI(t, env, "", "ask", "anything")
	if code != 1 || !strings.Contains(errs, "in use by pid") || !strings.Contains(errs, "newsdesk serve") {
		t.Errorf("exit %d, stderr %q; want exit 1 naming the process holding the folder", code, errs)
	}
}

// fakeLLM is an OpenAI-compatible chat-completions endpoint that answers
// every request with reply.
func fakeLLM(tb testing.TB, reply string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.URL.Path != "/v1/chat/completions" || !bytes.Contains(body, []byte("over €50 billion")) {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "x", "object": "chat.completion", "model": "fake",
			"choices": []map[string]any{{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": reply}}},
		})
	}))
	tb.Cleanup(srv.Close)
	return srv
}

func TestAskWithLLM(t *testing.T) {
	cases := []struct {
		name  string
		reply string
		args  []string
		mode  string
	}{
		{"faithful summary", "Allies provided over €50 billion in 2024 [1].", nil, "llm"},
		{"invented number", "Allies gave €80 billion [1]", nil, "extractive"},
		{"--no-llm", "Allies provided over €50 billion in 2024 [1].", []string{"--no-llm"}, "extractive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := fakeLLM(t, c.reply)
			env := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_API_KEY": "sk-test-secret"}
			args := append([]string{"ask", "--json"}, c.args...)
			out, errs, code := runCLI(t, env, "", append(args, "How much did allies give Ukraine in 2024?")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			ans := decode[jsonAnswer](t, out)
			if ans.Mode != c.mode || len(ans.Citations) == 0 || !strings.Contains(ans.Citations[0].Text, "over €50 billion") {
				t.Errorf("mode %q, citations %+v; want %s citing the €50 billion passage", ans.Mode, ans.Citations, c.mode)
			}
			if strings.Contains(out+errs, "sk-test-secret") {
				t.Error("the API key leaked into the output")
			}
			if c.mode == "extractive" && strings.Contains(ans.Answer, "€80") {
				t.Errorf("answer %q shows the unchecked model text", ans.Answer)
			}
		})
	}
}

func TestEvalCommand(t *testing.T) {
	out, errs, code := runCLI(t, map[string]string{"NEWSDESK_CORPUS_DIR": "testdata/eval/articles"}, "", "eval", "--json", "testdata/eval/qa.jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := decode[map[string]any](t, out)
	for _, key := range []string{"questions", "hit@1", "hit@5", "recall@1", "recall@5", "mrr", "ndcg@10", "latency_ms_mean", "latency_ms_p95", "misses"} {
		if _, ok := r[key]; !ok {
			t.Errorf("eval --json lacks %q: %s", key, out)
		}
	}
	if r["questions"] != float64(5) {
		t.Errorf("questions = %v; want 5", r["questions"])
	}
}

func TestEvalWithLLM(t *testing.T) {
	set := filepath.Join(t.TempDir(), "nato.jsonl")
	if err := os.WriteFile(set, []byte(`{"question": "How much did allies give Ukraine in 2024?", "answer": ["over €50 billion"]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := fakeLLM(t, "Allies provided over €50 billion in 2024 [1].")
	env := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_API_KEY": "sk-test-secret"}
	out, errs, code := runCLI(t, env, "", "eval", "--llm", "--json", set)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := decode[map[string]any](t, out)
	if r["llm"] != true || r["summarized"] != float64(1) || r["hit@1"] != float64(1) || r["sentence_accuracy"] != float64(1) {
		t.Errorf("eval --llm = %s; want llm, 1 summarized, hit@1 and sentence accuracy 1", out)
	}
}

func TestBenchCommand(t *testing.T) {
	questions := t.TempDir() + "/q.txt"
	if err := os.WriteFile(questions, []byte("How many runners started the marathon?\n\n{\"question\": \"Who won the Lakeside marathon?\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runCLI(t, map[string]string{"NEWSDESK_CORPUS_DIR": "testdata/articles"}, "", "bench", "--json", "--rounds", "1", "--questions", questions)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := decode[map[string]any](t, out)
	if r["articles"] != float64(6) || r["questions"] != float64(2) || r["passages"].(float64) < 6 {
		t.Errorf("bench = %s; want 6 articles, 2 questions and their passages", out)
	}
	if _, _, code := runCLI(t, nil, "", "bench"); code != 2 {
		t.Errorf("bench without --questions: exit %d; want 2", code)
	}
}
