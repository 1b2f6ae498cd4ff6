package wordpiece

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// bertUncased returns the tokenizer of bert-base-uncased (all-MiniLM and
// e5 use its vocabulary), from testdata/vocab.txt.gz.
func bertUncased(tb testing.TB) *Tokenizer {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "vocab.txt.gz"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	tok, err := ReadVocab(zr, true)
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

// TestAgreesWithTokenizers checks every sentence of testdata/vectors.jsonl,
// made by scripts/make-wordpiece-vectors with Hugging Face tokenizers.
func TestAgreesWithTokenizers(t *testing.T) {
	tok := bertUncased(t)
	f, err := os.Open(filepath.Join("testdata", "vectors.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var v struct {
			Text   string
			Tokens []string
			IDs    []int64
		}
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		n++
		if got := tok.Tokenize(v.Text); !slices.Equal(got, v.Tokens) && !(len(got) == 0 && len(v.Tokens) == 0) {
			t.Errorf("Tokenize(%q)\n got %q\nwant %q", v.Text, got, v.Tokens)
			continue
		}
		ids := tok.Encode(v.Text, 0)
		want := append(append([]int64{101}, v.IDs...), 102)
		if !slices.Equal(ids, want) {
			t.Errorf("Encode(%q) = %v; want %v", v.Text, ids, want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 300 {
		t.Errorf("checked %d sentences; want at least 300", n)
	}
}

func TestEncodeTruncates(t *testing.T) {
	tok := bertUncased(t)
	text := strings.Repeat("the quick brown fox ", 50) // 200 tokens
	tests := []struct {
		maxLen, want int
	}{
		{0, 202}, {2, 202}, {3, 3}, {16, 16}, {202, 202}, {512, 202},
	}
	for _, tt := range tests {
		ids := tok.Encode(text, tt.maxLen)
		if len(ids) != tt.want {
			t.Errorf("len(Encode(200 tokens, %d)) = %d; want %d", tt.maxLen, len(ids), tt.want)
		}
		if ids[0] != 101 || ids[len(ids)-1] != 102 {
			t.Errorf("Encode(…, %d) = %v…%v; want [CLS] first and [SEP] last", tt.maxLen, ids[0], ids[len(ids)-1])
		}
	}
}

const tinyJSON = `{
  "added_tokens": [{"id": 1, "content": "[UNK]", "special": true}, {"id": 2, "content": "[CLS]", "special": true}, {"id": 3, "content": "[SEP]", "special": true}],
  "normalizer": {"type": "BertNormalizer", "lowercase": %s, "strip_accents": null},
  "pre_tokenizer": {"type": "BertPreTokenizer"},
  "model": {"type": "%s", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 8,
    "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "play": 4, "##ing": 5, "Play": 6, "cafe": 7, "café": 8, "!": 9, "##s": 10}}
}`

func TestReadJSON(t *testing.T) {
	tests := []struct {
		name      string
		lowercase string
		text      string
		want      []string
	}{
		{"uncased", "true", "Playing CAFÉ!", []string{"play", "##ing", "cafe", "!"}},
		{"cased keeps case and accents", "false", "Play café playing", []string{"Play", "café", "play", "##ing"}},
		{"unknown word", "true", "plays played", []string{"play", "##s", "[UNK]"}},
		{"word over max chars", "true", "playingplaying", []string{"[UNK]"}},
		{"special token in text", "true", "play[SEP]play", []string{"play", "[SEP]", "play"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := ReadJSON(strings.NewReader(strings.ReplaceAll(strings.Replace(tinyJSON, "%s", tt.lowercase, 1), "%s", "WordPiece")))
			if err != nil {
				t.Fatal(err)
			}
			if got := tok.Tokenize(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) = %q; want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestReadJSONRejectsOtherTokenizers(t *testing.T) {
	tests := []struct {
		name, json string
	}{
		{"BPE model", strings.Replace(strings.Replace(tinyJSON, "%s", "true", 1), "%s", "BPE", 1)},
		{"no normalizer", `{"pre_tokenizer": {"type": "BertPreTokenizer"}, "model": {"type": "WordPiece"}}`},
		{"no [CLS]", `{"normalizer": {"type": "BertNormalizer"}, "pre_tokenizer": {"type": "BertPreTokenizer"}, "model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ReadJSON(strings.NewReader(tt.json)); !errors.Is(err, ErrUnsupported) {
				t.Errorf("ReadJSON error = %v; want ErrUnsupported", err)
			}
		})
	}
	if _, err := ReadJSON(strings.NewReader("{not json")); err == nil {
		t.Error("ReadJSON(garbage) succeeded; want an error")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	vocab := filepath.Join(dir, "vocab.txt")
	if err := os.WriteFile(vocab, []byte("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tok, err := Load(vocab)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tok.Encode("Hello there", 0), []int64{2, 4, 1, 3}; !slices.Equal(got, want) {
		t.Errorf("Encode = %v; want %v", got, want)
	}
	if _, err := Load(filepath.Join(dir, "tokenizer.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) error = %v; want os.ErrNotExist", err)
	}
}

func FuzzTokenize(f *testing.F) {
	tok := bertUncased(f)
	for _, s := range []string{"Hello, World!", "naïve café", "中文", "[SEP]x", "\x00\ufffd", "a\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pieces := tok.Tokenize(s)
		for _, p := range pieces {
			if _, ok := tok.vocab[p]; !ok {
				t.Fatalf("Tokenize(%q) gave %q, not in the vocabulary", s, p)
			}
			if !utf8.ValidString(p) && utf8.ValidString(s) {
				t.Fatalf("Tokenize(%q) gave invalid UTF-8 %q", s, p)
			}
		}
		if ids := tok.Encode(s, 8); len(ids) > 8 || len(ids) < 2 {
			t.Fatalf("Encode(%q, 8) has %d ids", s, len(ids))
		}
	})
}
