package wordpiece

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// ErrUnsupported is wrapped by Load's error for a tokenizer.json that is not
// BERT's (another normalizer, pre-tokenizer or model type).
var ErrUnsupported = errors.New("unsupported tokenizer")

// Tokenizer turns text into BERT token ids. It is safe for concurrent use.
type Tokenizer struct {
	vocab        map[string]int64
	unk          string
	prefix       string // "##", before a piece that continues a word
	maxWordChars int    // longer words become unk
	lowercase    bool
	stripAccents bool
	cls, sep     int64
	// special are the added tokens ([CLS], [SEP], [MASK], …) matched in
	// the raw text before normalization, as tokenizers does.
	special []string
}

// Load reads a tokenizer from path: a Hugging Face tokenizer.json, or, for
// any other name, a vocab.txt of one token a line (uncased). It returns an
// error wrapping os.ErrNotExist when the file is missing and one wrapping
// ErrUnsupported for a tokenizer.json of another kind.
func Load(path string) (*Tokenizer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load tokenizer: %w", err)
	}
	defer f.Close()
	var t *Tokenizer
	if filepath.Ext(path) == ".json" {
		t, err = ReadJSON(f)
	} else {
		t, err = ReadVocab(f, true)
	}
	if err != nil {
		return nil, fmt.Errorf("load tokenizer %s: %w", path, err)
	}
	return t, nil
}

// tokenizerJSON is the part of tokenizer.json that BERT's tokenizer uses.
type tokenizerJSON struct {
	AddedTokens []struct {
		Content string `json:"content"`
		Special bool   `json:"special"`
	} `json:"added_tokens"`
	Normalizer *struct {
		Type         string `json:"type"`
		Lowercase    bool   `json:"lowercase"`
		StripAccents *bool  `json:"strip_accents"`
	} `json:"normalizer"`
	PreTokenizer *struct {
		Type string `json:"type"`
	} `json:"pre_tokenizer"`
	Model struct {
		Type                    string           `json:"type"`
		UnkToken                string           `json:"unk_token"`
		ContinuingSubwordPrefix string           `json:"continuing_subword_prefix"`
		MaxInputCharsPerWord    int              `json:"max_input_chars_per_word"`
		Vocab                   map[string]int64 `json:"vocab"`
	} `json:"model"`
}

// ReadJSON reads a Hugging Face tokenizer.json. It returns an error
// wrapping ErrUnsupported unless the file describes BERT's WordPiece
// tokenizer with its [CLS] and [SEP] tokens.
func ReadJSON(r io.Reader) (*Tokenizer, error) {
	var j tokenizerJSON
	if err := json.NewDecoder(r).Decode(&j); err != nil {
		return nil, fmt.Errorf("decode tokenizer.json: %w", err)
	}
	if j.Model.Type != "WordPiece" {
		return nil, fmt.Errorf("model type %q, want WordPiece: %w", j.Model.Type, ErrUnsupported)
	}
	if j.Normalizer == nil || j.Normalizer.Type != "BertNormalizer" {
		return nil, fmt.Errorf("normalizer is not BertNormalizer: %w", ErrUnsupported)
	}
	if j.PreTokenizer == nil || j.PreTokenizer.Type != "BertPreTokenizer" {
		return nil, fmt.Errorf("pre-tokenizer is not BertPreTokenizer: %w", ErrUnsupported)
	}
	t := &Tokenizer{
		vocab:        j.Model.Vocab,
		unk:          j.Model.UnkToken,
		prefix:       j.Model.ContinuingSubwordPrefix,
		maxWordChars: j.Model.MaxInputCharsPerWord,
		lowercase:    j.Normalizer.Lowercase,
		// tokenizers strips accents when lowercasing unless told otherwise.
		stripAccents: j.Normalizer.Lowercase,
	}
	if j.Normalizer.StripAccents != nil {
		t.stripAccents = *j.Normalizer.StripAccents
	}
	for _, a := range j.AddedTokens {
		if a.Special {
			t.special = append(t.special, a.Content)
		}
	}
	return t, t.finish()
}

// ReadVocab reads a vocab.txt: one token a line, its id the line's number
// from 0, as BERT's original release ships it. lowercase says whether the
// model is uncased (and so also strips accents).
func ReadVocab(r io.Reader, lowercase bool) (*Tokenizer, error) {
	t := &Tokenizer{vocab: map[string]int64{}, lowercase: lowercase, stripAccents: lowercase}
	sc := bufio.NewScanner(r)
	for id := int64(0); sc.Scan(); id++ {
		tok := strings.TrimRight(sc.Text(), "\r")
		if _, dup := t.vocab[tok]; !dup {
			t.vocab[tok] = id
		}
		if bertSpecial[tok] {
			t.special = append(t.special, tok)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read vocab.txt: %w", err)
	}
	return t, t.finish()
}

// bertSpecial are the tokens BERT's tokenizer matches whole in raw text
// when it is built from a vocab.txt.
var bertSpecial = map[string]bool{"[PAD]": true, "[UNK]": true, "[CLS]": true, "[SEP]": true, "[MASK]": true}

// finish fills in BERT's defaults and checks the tokens Encode needs.
func (t *Tokenizer) finish() error {
	if t.unk == "" {
		t.unk = "[UNK]"
	}
	if t.prefix == "" {
		t.prefix = "##"
	}
	if t.maxWordChars <= 0 {
		t.maxWordChars = 100
	}
	for _, name := range []string{t.unk, "[CLS]", "[SEP]"} {
		if _, ok := t.vocab[name]; !ok {
			return fmt.Errorf("vocabulary of %d tokens has no %s: %w", len(t.vocab), name, ErrUnsupported)
		}
	}
	t.cls, t.sep = t.vocab["[CLS]"], t.vocab["[SEP]"]
	return nil
}

// Encode returns text's token ids between [CLS] and [SEP], at most maxLen of
// them in all (no limit when maxLen < 3): an over-long text loses its end,
// as tokenizers' truncation does.
func (t *Tokenizer) Encode(text string, maxLen int) []int64 {
	pieces := t.Tokenize(text)
	if maxLen >= 3 && len(pieces) > maxLen-2 {
		pieces = pieces[:maxLen-2]
	}
	ids := make([]int64, 0, len(pieces)+2)
	ids = append(ids, t.cls)
	for _, p := range pieces {
		ids = append(ids, t.vocab[p])
	}
	return append(ids, t.sep)
}

// Tokenize returns text's word pieces, without [CLS] and [SEP]: "playing"
// may become "play", "##ing", and a word the vocabulary cannot spell
// becomes the unknown token.
func (t *Tokenizer) Tokenize(text string) []string {
	var pieces, words []string
	for text != "" {
		i, tok := t.nextSpecial(text)
		seg := text
		if i >= 0 {
			seg = text[:i]
		}
		words = preTokenize(normalize(seg, t.lowercase, t.stripAccents), words[:0])
		for _, w := range words {
			pieces = t.wordPieces(w, pieces)
		}
		if i < 0 {
			break
		}
		pieces = append(pieces, tok)
		text = text[i+len(tok):]
	}
	return pieces
}

// nextSpecial returns where the first special token in s starts, and which
// (the longest of those starting there), or -1.
func (t *Tokenizer) nextSpecial(s string) (int, string) {
	if !strings.Contains(s, "[") && !strings.Contains(s, "<") {
		return -1, ""
	}
	best, tok := -1, ""
	for _, sp := range t.special {
		i := strings.Index(s, sp)
		if i < 0 {
			continue
		}
		if best < 0 || i < best || i == best && len(sp) > len(tok) {
			best, tok = i, sp
		}
	}
	return best, tok
}

// wordPieces appends word's pieces to out: greedy longest match first, each
// piece after the first spelled with the continuing prefix. A word with a
// part no piece matches, or longer than maxWordChars, is one unk.
func (t *Tokenizer) wordPieces(word string, out []string) []string {
	if utf8.RuneCountInString(word) > t.maxWordChars {
		return append(out, t.unk)
	}
	if _, ok := t.vocab[word]; ok {
		return append(out, word)
	}
	n := len(out)
	for start := 0; start < len(word); {
		end, found := len(word), ""
		for end > start {
			cand := word[start:end]
			if start > 0 {
				cand = t.prefix + cand
			}
			if _, ok := t.vocab[cand]; ok {
				found = cand
				break
			}
			// Step back one whole character, never into the middle of one.
			_, size := utf8.DecodeLastRuneInString(word[start:end])
			end -= size
		}
		if found == "" {
			return append(out[:n], t.unk)
		}
		out = append(out, found)
		start = end
	}
	return out
}
