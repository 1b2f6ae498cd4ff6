package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Errors Parse and Load report for files that are not articles. They are
// wrapped with details; branch on them with errors.Is.
var (
	// ErrEmpty means the file holds no text (only white space, or markup
	// without text).
	ErrEmpty = errors.New("empty")
	// ErrBinary means the file is not text (NUL bytes or mostly control
	// characters).
	ErrBinary = errors.New("binary file")
	// ErrUnsupported means the file's extension is not one newsdesk reads.
	ErrUnsupported = errors.New("unsupported extension")
)

// Parse turns one file into an Article, choosing the format by the file's
// extension, case-insensitively: .txt, .md/.markdown, .html/.htm. path is the
// slash-separated path relative to the corpus root; it gives the article its
// ID (the path without extension) and Source.
//
// data may be any bytes: invalid UTF-8 is decoded as Windows-1252 byte by
// byte, a UTF-16 file with a byte-order mark is decoded as UTF-16. Parse
// returns an error wrapping ErrEmpty, ErrBinary or ErrUnsupported for files
// that are not articles, or describing bad front matter. .jsonl files hold
// many articles: use ParseJSONL for them.
func Parse(path string, data []byte) (Article, error) {
	a, _, err := parseFile(path, data)
	return a, err
}

// parseFile is Parse that also says whether the bytes had to be decoded as
// Windows-1252, so Load can note it.
func parseFile(name string, data []byte) (Article, bool, error) {
	ext := extension(name)
	var parse func(id, name, text string) (Article, error)
	switch ext {
	case ".txt", ".text":
		parse = parseText
	case ".md", ".markdown":
		parse = parseMarkdown
	case ".html", ".htm":
		parse = parseHTML
	case ".jsonl", ".jsonl.gz":
		return Article{}, false, fmt.Errorf("%w %s: use ParseJSONL", ErrUnsupported, ext)
	default:
		return Article{}, false, unsupported(ext)
	}
	text, latin1, err := decode(data)
	if err != nil {
		return Article{}, false, err
	}
	a, err := parse(articleID(name), name, text)
	if err != nil {
		return Article{}, false, err
	}
	return a, latin1, nil
}

func unsupported(ext string) error {
	if ext == "" {
		return fmt.Errorf("%w: no extension (use .txt, .md, .html or .jsonl)", ErrUnsupported)
	}
	return fmt.Errorf("%w %s (use .txt, .md, .html or .jsonl)", ErrUnsupported, ext)
}

// extension returns the lower-cased extension, treating ".jsonl.gz" as one.
func extension(name string) string {
	lower := strings.ToLower(path.Base(name))
	if strings.HasSuffix(lower, ".jsonl.gz") {
		return ".jsonl.gz"
	}
	return path.Ext(lower)
}

// ArticleID returns the ID of the article in the file at name, a slash path
// relative to the corpus root: the path without its extension
// ("business/001.txt" → "business/001").
func ArticleID(name string) string { return articleID(name) }

// articleID is the slash path without its extension: "business/001".
func articleID(name string) string {
	ext := extension(name)
	return strings.TrimPrefix(name[:len(name)-len(ext)], "./")
}

// readableName turns a file name into a fallback title:
// "business/tax-cuts_2024.txt" → "Tax cuts 2024".
func readableName(name string) string {
	base := path.Base(articleID(name))
	base = strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == '.' {
			return ' '
		}
		return r
	}, base)
	base = strings.Join(strings.Fields(base), " ")
	if base == "" {
		return "Untitled"
	}
	r, size := utf8.DecodeRuneInString(base)
	return string(unicode.ToUpper(r)) + base[size:]
}

// builder collects an article's blocks in order and keeps Text, Sections and
// the paragraphs consistent: every paragraph is a block of Text.
type builder struct {
	blocks   []string
	sections []Section
}

// heading starts a new section. Headings that clean to nothing are dropped.
func (b *builder) heading(raw string) {
	h := clean(raw)
	if h == "" {
		return
	}
	b.blocks = append(b.blocks, h)
	b.sections = append(b.sections, Section{Heading: h})
}

// para adds a paragraph to the current section (the lead when no heading
// came yet). Paragraphs that clean to nothing are dropped.
func (b *builder) para(raw string) {
	p := clean(raw)
	if p == "" {
		return
	}
	b.blocks = append(b.blocks, p)
	if len(b.sections) == 0 {
		b.sections = append(b.sections, Section{})
	}
	s := &b.sections[len(b.sections)-1]
	s.Paragraphs = append(s.Paragraphs, p)
}

// hasText reports whether any paragraph was added.
func (b *builder) hasText() bool {
	for _, s := range b.sections {
		if len(s.Paragraphs) > 0 {
			return true
		}
	}
	return false
}

// article finishes the Article: Text from the blocks (so every paragraph is
// a verbatim substring), a title that is never empty, and the hash.
func (b *builder) article(a Article, name string) (Article, error) {
	if !b.hasText() {
		return Article{}, ErrEmpty
	}
	a.Title = clean(a.Title)
	if a.Title == "" {
		a.Title = readableName(name)
	}
	if a.Source == "" {
		a.Source = name
	}
	a.Text = strings.Join(b.blocks, "\n\n")
	a.Sections = b.sections
	b.share(a.Text)
	// The title and link may be slices of the whole file: copied, they do
	// not keep it in memory.
	a.Title, a.URL = strings.Clone(a.Title), strings.Clone(a.URL)
	a.Hash = hash(a)
	return a, nil
}

// share makes every heading and paragraph of the sections a slice of
// text, the blocks joined, instead of a string of its own (or a slice of
// the file read): a loaded corpus then holds each article's text once.
// Headings and paragraphs are the blocks, in order.
func (b *builder) share(text string) {
	at, k := 0, 0
	next := func(block string) string {
		if k >= len(b.blocks) || b.blocks[k] != block {
			return block // not the block expected; never happens
		}
		s := text[at : at+len(block)]
		at += len(block) + len("\n\n")
		k++
		return s
	}
	for i := range b.sections {
		s := &b.sections[i]
		if s.Heading != "" {
			s.Heading = next(s.Heading)
		}
		for j, p := range s.Paragraphs {
			s.Paragraphs[j] = next(p)
		}
	}
}

// hash is the hex SHA-256 of the parsed fields a reader sees, so a changed
// title, source, link, date or text gives a new hash.
func hash(a Article) string {
	h := sha256.New()
	pub := ""
	if !a.Published.IsZero() {
		pub = a.Published.Format(time.RFC3339Nano)
	}
	for _, f := range []string{a.Title, a.Source, a.URL, pub, a.Text} {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// clean normalizes one block of text: every run of white space (tabs,
// newlines, NBSP and other Unicode spaces) becomes one space, control and
// invisible format characters (zero-width, BOM, bidi overrides, soft hyphen)
// are removed, and the ends are trimmed. Letters and typographic punctuation
// are kept as they are.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ' || c >= '\t' && c <= '\r':
				space = true
				continue
			case c < ' ' || c == 0x7f:
				continue
			}
			if space && sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			space = false
			sb.WriteByte(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case invisible(r):
			continue
		}
		if space && sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		space = false
		sb.WriteRune(r)
	}
	return sb.String()
}

// isClean reports whether clean would return s unchanged: printable ASCII
// (or other printable runes) with single inner spaces and no space at
// either end.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	prevSpace := true // no leading space
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' {
				if prevSpace {
					return false
				}
				prevSpace = true
				continue
			}
			if c < ' ' || c == 0x7f {
				return false
			}
			prevSpace = false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsSpace(r) || invisible(r) || r == utf8.RuneError && size == 1 {
			return false
		}
		prevSpace = false
	}
	return !prevSpace
}

// invisible reports characters that carry no visible text: controls, format
// characters (zero-width spaces and joiners, BOM, bidi controls, soft hyphen)
// and noncharacters.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == 0xFFFE || r == 0xFFFF
}

// parseDate accepts the date forms found in front matter, HTML metadata and
// exports: YYYY-MM-DD, RFC 3339 and a few close variants.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	layouts := []string{
		time.RFC3339Nano,
		"2006-01-02",
		"2006-01-02T15:04:05Z0700",
		"2006-01-02T15:04:05",
		"2006-01-02T15:04Z07:00",
		"2006-01-02T15:04",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02 15:04:05",
		"2006-01-02 15:04",
		time.RFC1123Z,
		time.RFC1123,
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("published date %q: use YYYY-MM-DD or RFC 3339", s)
}
