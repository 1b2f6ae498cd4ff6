package wordpiece

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normalize is BertNormalizer: drop control characters and turn every
// kind of white space into ' ' (clean_text), put spaces around CJK
// ideographs (handle_chinese_chars), and, for uncased models, strip
// accents and lowercase, in that order as tokenizers does.
func normalize(s string, lowercase, stripAccents bool) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for _, r := range s {
		switch {
		case r == 0 || r == unicode.ReplacementChar || isControl(r):
		case isWhitespace(r):
			b.WriteByte(' ')
		case isCJK(r):
			b.WriteByte(' ')
			b.WriteRune(r)
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	if stripAccents {
		out = stripMarks(out)
	}
	if lowercase {
		out = strings.ToLower(out)
	}
	return out
}

// stripMarks decomposes s (NFD) and drops the nonspacing marks, so "café"
// becomes "cafe". ASCII text, nearly all of the news, is returned as is.
func stripMarks(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isWhitespace is Rust's char::is_whitespace, which tokenizers uses: the
// Unicode White_Space property.
func isWhitespace(r rune) bool {
	return unicode.Is(unicode.White_Space, r)
}

// isControl is tokenizers' is_control: the "Other" categories (Cc, Cf, Cs,
// Co and unassigned Cn) except tab, newline and carriage return, which
// are white space.
func isControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r':
		return false
	}
	if unicode.Is(unicode.C, r) {
		return true
	}
	// Cn: a code point in no category at all.
	return !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z)
}

// isPunctuation is tokenizers' is_bert_punc: ASCII punctuation (which
// includes symbols such as $ + < = > ^ ` | ~) or any Unicode P category.
func isPunctuation(r rune) bool {
	if r < 0x80 {
		return r > ' ' && r < 0x7f && !('0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
	}
	return unicode.Is(unicode.P, r)
}

// isCJK is tokenizers' is_chinese_char: the CJK Unified Ideographs blocks
// and their extensions and compatibility forms.
func isCJK(r rune) bool {
	return 0x4E00 <= r && r <= 0x9FFF ||
		0x3400 <= r && r <= 0x4DBF ||
		0x20000 <= r && r <= 0x2A6DF ||
		0x2A700 <= r && r <= 0x2B73F ||
		0x2B740 <= r && r <= 0x2B81F ||
		0x2B920 <= r && r <= 0x2CEAF ||
		0xF900 <= r && r <= 0xFAFF ||
		0x2F800 <= r && r <= 0x2FA1F
}

// preTokenize is BertPreTokenizer: split on white space, which goes, and
// around each punctuation character, which stays as a word of its own.
func preTokenize(s string, words []string) []string {
	start := -1
	for i, r := range s {
		switch {
		case isWhitespace(r):
			if start >= 0 {
				words = append(words, s[start:i])
				start = -1
			}
		case isPunctuation(r):
			if start >= 0 {
				words = append(words, s[start:i])
				start = -1
			}
			words = append(words, string(r))
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		words = append(words, s[start:])
	}
	return words
}
