//go:build cgo

package onnx

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"newsdesk/index/embed"
)

// library returns NEWSDESK_ONNXRUNTIME_LIB, skipping the test when it is
// unset or names no file.
func library(tb testing.TB) string {
	tb.Helper()
	lib := os.Getenv("NEWSDESK_ONNXRUNTIME_LIB")
	if lib == "" {
		tb.Skip("NEWSDESK_ONNXRUNTIME_LIB is unset; run `export $(scripts/fetch-models .cache/models)` to test with ONNX Runtime")
	}
	if _, err := os.Stat(lib); err != nil {
		tb.Skipf("NEWSDESK_ONNXRUNTIME_LIB: %v", err)
	}
	return lib
}

// remove, as the content of a file in tinyCopy's edit, removes the file.
const remove = "\x00remove"

// tinyCopy copies testdata/tiny to a temporary folder and applies edit to
// its files (name → content, or remove).
func tinyCopy(tb testing.TB, edit map[string]string) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "tiny")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "tiny"))); err != nil {
		tb.Fatal(err)
	}
	for name, content := range edit {
		p := filepath.Join(dir, name)
		if content == remove {
			if err := os.Remove(p); err != nil {
				tb.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func openTiny(tb testing.TB, dir string) *Embedder {
	tb.Helper()
	e, err := Open(dir, Options{Library: library(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	return e
}

func embedOne(tb testing.TB, e *Embedder, kind embed.Kind, texts ...string) [][]float32 {
	tb.Helper()
	v, err := e.Embed(context.Background(), kind, texts)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// TestTinyMatchesReference compares with the vectors make-tiny-model
// computed with Python's tokenizers and onnxruntime.
func TestTinyMatchesReference(t *testing.T) {
	e := openTiny(t, filepath.Join("testdata", "tiny"))
	if got, want := e.Model(), (embed.Model{Name: "tiny-bert", Dims: 32}); got.Name != want.Name || got.Dims != want.Dims || !strings.HasPrefix(got.Digest, "sha256:") {
		t.Errorf("Model = %+v; want name %q, %d dims, a sha256 digest", got, want.Name, want.Dims)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "tiny-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref []struct {
		Text   string
		IDs    []int64
		Vector []float32
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	texts := make([]string, len(ref))
	for i, r := range ref {
		texts[i] = r.Text
		if got := e.tok.Encode(r.Text, e.cfg.MaxLength); !slices.Equal(got, r.IDs) {
			t.Errorf("ids of %q = %v; want %v", r.Text, got, r.IDs)
		}
	}
	vecs := embedOne(t, e, embed.Passage, texts...)
	for i, r := range ref {
		if c := embed.Dot(vecs[i], r.Vector); c < 0.99999 {
			t.Errorf("cosine with the reference vector of %q = %v; want > 0.99999", r.Text, c)
		}
	}
}

func TestBatchEqualsOneByOne(t *testing.T) {
	texts := []string{
		"Players", "The team played the match and won the cup!", "", "a",
		"Shares in the bank rose as growth slowed.", "the the the the the the the the the the the the the the the the the the",
		"She said the film won an award.", "Mobile phone users run new software.",
	}
	for _, size := range []int{1, 3, 32} {
		dir := filepath.Join("testdata", "tiny")
		e, err := Open(dir, Options{Library: library(t), BatchSize: size})
		if err != nil {
			t.Fatal(err)
		}
		all := embedOne(t, e, embed.Passage, texts...)
		for i, text := range texts {
			one := embedOne(t, e, embed.Passage, text)[0]
			if c := embed.Dot(all[i], one); c < 0.99999 {
				t.Errorf("batch size %d: cosine of %q in a batch and alone = %v; want > 0.99999", size, text, c)
			}
		}
		e.Close()
	}
}

func TestTruncation(t *testing.T) {
	e := openTiny(t, filepath.Join("testdata", "tiny")) // max_length 16: 14 words
	head := strings.Repeat("market ", 14)
	tests := []struct {
		name, long string
	}{
		{"past the limit", head + "growth film music award"},
		{"far past the limit", head + strings.Repeat("the bank said ", 500)},
	}
	want := embedOne(t, e, embed.Passage, head)[0]
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := embedOne(t, e, embed.Passage, tt.long)[0]
			if !slices.Equal(got, want) {
				t.Errorf("vector of an over-long text differs from its first 14 tokens' (cosine %v)", embed.Dot(got, want))
			}
		})
	}
	if c := embed.Dot(embedOne(t, e, embed.Passage, "market growth")[0], want); c > 0.9999 {
		t.Errorf("a short text embeds like the long one (cosine %v); the comparison proves nothing", c)
	}
}

func TestPrefixes(t *testing.T) {
	e := openTiny(t, tinyCopy(t, map[string]string{ConfigFile: `{"query_prefix": "the ", "passage_prefix": "a "}`}))
	plain := openTiny(t, tinyCopy(t, map[string]string{ConfigFile: `{}`}))
	tests := []struct {
		kind        embed.Kind
		text, plain string // e embeds text as plain embeds plain
	}{
		{embed.Query, "vote", "the vote"},
		{embed.Passage, "vote", "a vote"},
		{embed.Query, "", "the "},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String()+" "+tt.text, func(t *testing.T) {
			got := embedOne(t, e, tt.kind, tt.text)[0]
			want := embedOne(t, plain, embed.Passage, tt.plain)[0]
			if c := embed.Dot(got, want); c < 0.99999 {
				t.Errorf("cosine with %q unprefixed = %v; want 1", tt.plain, c)
			}
			if c := embed.Dot(got, embedOne(t, plain, embed.Passage, tt.text)[0]); c > 0.9999 {
				t.Errorf("prefix made no difference (cosine %v)", c)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	tests := []struct {
		name, config string
		want         Config
	}{
		{"no file", remove, Config{Name: "tiny", Pooling: PoolMean, MaxLength: 512, Output: "last_hidden_state"}},
		{"cls", `{"name": "x", "pooling": "cls", "max_length": 8}`, Config{Name: "x", Pooling: PoolCLS, MaxLength: 8, Output: "last_hidden_state"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := openTiny(t, tinyCopy(t, map[string]string{ConfigFile: tt.config}))
			if got := e.Config(); got != tt.want {
				t.Errorf("Config = %+v; want %+v", got, tt.want)
			}
			if got := e.Model().Name; got != tt.want.Name {
				t.Errorf("Model().Name = %q; want %q", got, tt.want.Name)
			}
			v := embedOne(t, e, embed.Passage, "the film won an award")[0]
			if d := embed.Dot(v, v); d < 0.9999 || d > 1.0001 {
				t.Errorf("|v|² = %v; want 1", d)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		edit map[string]string
		want string // what the error must name
	}{
		{"empty model", map[string]string{"model.onnx": ""}, "model.onnx is empty"},
		{"garbage model", map[string]string{"model.onnx": "this is not a protobuf at all"}, "model.onnx"},
		{"no model", map[string]string{"model.onnx": remove}, "no model.onnx"},
		{"no tokenizer", map[string]string{"vocab.txt": remove}, "tokenizer.json or vocab.txt"},
		{"garbage tokenizer", map[string]string{"tokenizer.json": "{oops"}, "tokenizer.json"},
		{"bad config", map[string]string{ConfigFile: `{"pooling": "max"}`}, "pooling"},
		{"bad output name", map[string]string{ConfigFile: `{"output": "pooler_output"}`}, "pooler_output"},
	}
	lib := library(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tinyCopy(t, tt.edit)
			_, err := Open(dir, Options{Library: lib})
			if !errors.Is(err, embed.ErrNoModel) {
				t.Fatalf("Open error = %v; want ErrNoModel", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open error = %q; want it to name %q", err, tt.want)
			}
		})
	}
	t.Run("no folder", func(t *testing.T) {
		if _, err := Open("", Options{Library: lib}); !errors.Is(err, embed.ErrNoModel) || !strings.Contains(err.Error(), "NEWSDESK_EMBED_MODEL") {
			t.Errorf("Open(\"\") error = %v; want ErrNoModel naming NEWSDESK_EMBED_MODEL", err)
		}
	})
}

func TestOpenWithoutLibrary(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "libonnxruntime.so.1")
	_, err := Open(filepath.Join("testdata", "tiny"), Options{Library: lib})
	if !errors.Is(err, embed.ErrNoModel) || !strings.Contains(err.Error(), lib) {
		t.Errorf("Open error = %v; want ErrNoModel naming %s", err, lib)
	}
}

func TestEmbedHonoursContext(t *testing.T) {
	e := openTiny(t, filepath.Join("testdata", "tiny"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Embed(ctx, embed.Passage, []string{"vote"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Embed after cancel: error = %v; want context.Canceled", err)
	}
}
