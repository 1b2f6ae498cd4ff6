package corpus

import (
	"fmt"
	"html"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// frontMatter is the optional YAML header of a Markdown article.
type frontMatter struct {
	Title     string `yaml:"title"`
	Source    string `yaml:"source"`
	URL       string `yaml:"url"`
	Published string `yaml:"published"`
	Date      string `yaml:"date"` // accepted as published
}

// parseMarkdown reads a Markdown article: optional YAML front matter
// (title, source, url, published), "#" and setext headings as sections, a
// leading "# " heading as the title when the front matter gives none, list
// items and block quotes as paragraphs, and inline markup reduced to its
// text (emphasis, code, links and images → their text).
func parseMarkdown(id, name, text string) (Article, error) {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	fm, body, err := splitFrontMatter(text)
	if err != nil {
		return Article{}, err
	}
	a := Article{ID: id, Title: fm.Title, Source: strings.TrimSpace(fm.Source), URL: strings.TrimSpace(fm.URL)}
	pub := fm.Published
	if pub == "" {
		pub = fm.Date
	}
	if a.Published, err = parseDate(pub); err != nil {
		return Article{}, fmt.Errorf("front matter: %w", err)
	}
	m := mdReader{title: clean(a.Title)}
	m.read(body)
	if a.Title == "" {
		a.Title = m.title
	}
	return m.b.article(a, name)
}

// splitFrontMatter separates a leading "---" YAML block from the body. A
// file without one (or whose first "---" is never closed) has no front
// matter.
func splitFrontMatter(text string) (frontMatter, string, error) {
	var fm frontMatter
	rest, ok := strings.CutPrefix(strings.TrimLeft(text, "\n"), "---\n")
	if !ok {
		return fm, text, nil
	}
	end, after := -1, 0
	for _, closing := range []string{"\n---\n", "\n...\n"} {
		if i := strings.Index("\n"+rest, closing); i >= 0 && (end < 0 || i < end) {
			end, after = i, i+len(closing)-1
		}
	}
	if end < 0 {
		for _, closing := range []string{"\n---", "\n..."} {
			if strings.HasSuffix("\n"+rest, closing) {
				end, after = len(rest)+1-len(closing), len(rest)
			}
		}
	}
	if end < 0 {
		return fm, text, nil
	}
	if err := yaml.Unmarshal([]byte(rest[:max(end, 0)]), &fm); err != nil {
		return fm, "", fmt.Errorf("front matter: %w", err)
	}
	return fm, rest[min(after, len(rest)):], nil
}

// mdReader turns Markdown blocks into builder calls.
type mdReader struct {
	b      builder
	title  string   // from front matter, or the leading "# " heading
	lines  []string // the open paragraph
	fence  string   // the open code fence marker, "" outside code
	seen   bool     // a block was emitted (a later "# " is a section)
	inHTML bool     // inside an HTML comment
}

var (
	atxHeading = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	setextRule = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	thematic   = regexp.MustCompile(`^ {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})$`)
	mdListItem = regexp.MustCompile(`^ {0,3}([-*+]|\d{1,3}[.)])(?:[ \t]+|$)`)
	tableRule  = regexp.MustCompile(`^ *\|?( *:?-+:? *\|)+( *:?-+:? *)?\|? *$`)
)

func (m *mdReader) read(body string) {
	for _, line := range strings.Split(body, "\n") {
		m.line(line)
	}
	m.flush()
}

func (m *mdReader) line(line string) {
	trimmed := strings.TrimSpace(line)
	switch {
	case m.fence != "":
		if strings.HasPrefix(trimmed, m.fence) && strings.Trim(trimmed, m.fence[:1]) == "" {
			m.flush()
			m.fence = ""
			return
		}
		m.lines = append(m.lines, trimmed)
		return
	case m.inHTML:
		if strings.Contains(line, "-->") {
			m.inHTML = false
		}
		return
	case strings.HasPrefix(trimmed, "<!--"):
		if !strings.Contains(trimmed, "-->") {
			m.inHTML = true
		}
		return
	case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
		m.flush()
		m.fence = trimmed[:3]
		return
	case trimmed == "":
		m.flush()
		return
	}
	if h := atxHeading.FindStringSubmatch(line); h != nil {
		m.flush()
		m.heading(len(h[1]), h[2])
		return
	}
	if s := setextRule.FindStringSubmatch(line); s != nil && len(m.lines) > 0 && !m.listOpen() {
		level := 2
		if s[1][0] == '=' {
			level = 1
		}
		text := strings.Join(m.lines, " ")
		m.lines = nil
		m.heading(level, text)
		return
	}
	if thematic.MatchString(line) {
		m.flush()
		return
	}
	if strings.HasPrefix(trimmed, ">") {
		trimmed = strings.TrimSpace(strings.TrimLeft(trimmed, "> "))
		if trimmed == "" {
			m.flush()
			return
		}
	}
	if loc := mdListItem.FindStringIndex(trimmed); loc != nil && !m.continuesNumber(trimmed) {
		m.flush()
		m.lines = append(m.lines, "\x00"+trimmed[loc[1]:]) // \x00 marks a list item
		return
	}
	if strings.HasPrefix(trimmed, "|") || tableRule.MatchString(trimmed) {
		m.flush()
		if !tableRule.MatchString(trimmed) {
			cells := strings.Split(strings.Trim(trimmed, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			m.lines = append(m.lines, strings.Join(cells, " | "))
			m.flush()
		}
		return
	}
	m.lines = append(m.lines, trimmed)
}

// continuesNumber keeps a wrapped line such as "2024. It was" inside the
// open paragraph instead of reading it as a numbered item.
func (m *mdReader) continuesNumber(trimmed string) bool {
	return len(m.lines) > 0 && !m.listOpen() && trimmed[0] >= '0' && trimmed[0] <= '9'
}

func (m *mdReader) listOpen() bool {
	return len(m.lines) > 0 && strings.HasPrefix(m.lines[0], "\x00")
}

func (m *mdReader) flush() {
	if len(m.lines) == 0 {
		return
	}
	text := strings.TrimPrefix(strings.Join(m.lines, " "), "\x00")
	m.lines = nil
	m.b.para(stripInline(text))
	m.seen = true
}

// heading handles a heading: the first level-1 heading before any text is
// the title (dropped from the body when it repeats the front-matter title);
// every other heading starts a section.
func (m *mdReader) heading(level int, raw string) {
	text := clean(stripInline(raw))
	if level == 1 && !m.seen {
		m.seen = true
		if m.title == "" {
			m.title = text
			return
		}
		if strings.EqualFold(m.title, text) {
			return
		}
	}
	m.seen = true
	m.b.heading(text)
}

var (
	mdImage     = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink      = regexp.MustCompile(`\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])`)
	mdFootnote  = regexp.MustCompile(`\[\^[^\]]+\]`)
	mdAutolink  = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdHTMLTag   = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>`)
	mdCode      = regexp.MustCompile("`+([^`]*)`+")
	mdEscape    = regexp.MustCompile(`\\([!-/:-@\[-` + "`" + `{-~])`)
	mdEmphasis  = regexp.MustCompile(`(\*\*\*|\*\*|\*|___|__|_|~~)`)
	escapedMark = "\x01" // a backslash-escaped character's placeholder prefix
)

// stripInline reduces inline Markdown to its text: code spans, images and
// links become their text, emphasis markers that open and close a span are
// removed, HTML tags dropped and entities decoded. Backslash escapes keep
// the escaped character literally.
func stripInline(s string) string {
	// Protect escaped characters and code spans from the rules below.
	var keep []string
	protect := func(t string) string {
		keep = append(keep, t)
		return fmt.Sprintf("%s%d%s", escapedMark, len(keep)-1, escapedMark)
	}
	s = strings.ReplaceAll(s, escapedMark, "")
	s = mdEscape.ReplaceAllStringFunc(s, func(e string) string { return protect(e[1:]) })
	s = mdCode.ReplaceAllStringFunc(s, func(c string) string {
		return protect(strings.TrimSpace(mdCode.FindStringSubmatch(c)[1]))
	})
	s = mdImage.ReplaceAllString(s, "$1")
	s = mdFootnote.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdAutolink.ReplaceAllString(s, "$1")
	s = mdHTMLTag.ReplaceAllString(s, "")
	s = stripEmphasis(s)
	s = html.UnescapeString(s)
	for i := len(keep) - 1; i >= 0; i-- {
		s = strings.ReplaceAll(s, fmt.Sprintf("%s%d%s", escapedMark, i, escapedMark), keep[i])
	}
	return s
}

// stripEmphasis removes emphasis delimiters that pair up: an opener touching
// the following word and a matching closer touching the preceding word.
// "_" inside a word (snake_case) and lone "*" (5 * 3) are left alone.
func stripEmphasis(s string) string {
	locs := mdEmphasis.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return s
	}
	drop := make([]bool, len(locs))
	for i, open := range locs {
		if drop[i] || !opens(s, open) {
			continue
		}
		for j := i + 1; j < len(locs); j++ {
			c := locs[j]
			if !drop[j] && s[c[0]:c[1]] == s[open[0]:open[1]] && closes(s, c) && c[0] > open[1] {
				drop[i], drop[j] = true, true
				break
			}
		}
	}
	var sb strings.Builder
	last := 0
	for i, l := range locs {
		if drop[i] {
			sb.WriteString(s[last:l[0]])
			last = l[1]
		}
	}
	sb.WriteString(s[last:])
	return sb.String()
}

func opens(s string, loc []int) bool {
	if loc[1] >= len(s) || isSpaceByte(s[loc[1]]) {
		return false
	}
	if s[loc[0]] == '_' && loc[0] > 0 && isWordByte(s[loc[0]-1]) {
		return false
	}
	return true
}

func closes(s string, loc []int) bool {
	if loc[0] == 0 || isSpaceByte(s[loc[0]-1]) {
		return false
	}
	if s[loc[0]] == '_' && loc[1] < len(s) && isWordByte(s[loc[1]]) {
		return false
	}
	return true
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' }

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}
