package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/corpus/internal/sentence"
)

// parseText reads a plain-text article. The first non-empty line is the
// headline when it looks like one (short, not ending in a period, followed
// by more text). The body is read by textBody.
func parseText(id, name, text string) (Article, error) {
	lines := splitLines(text)
	a := Article{ID: id}
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if headline(l) && hasText(lines[i+1:]) {
			a.Title = l
			lines = lines[i+1:]
		}
		break
	}
	var b builder
	textBody(&b, lines)
	return b.article(a, name)
}

// splitLines splits text into lines, accepting "\n", "\r\n" and "\r".
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}

func hasText(lines []string) bool {
	for _, l := range lines {
		if !blank(l) {
			return true
		}
	}
	return false
}

// blank reports a line with nothing clean would keep.
func blank(l string) bool {
	for i := 0; i < len(l); {
		c := l[i]
		if c < utf8.RuneSelf {
			if c > ' ' && c != 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(l[i:])
		if !unicode.IsSpace(r) && !invisible(r) {
			return false
		}
		i += size
	}
	return true
}

// textBody reads plain text into blocks. Blank lines separate blocks. Inside
// a block, "- " / "* " / "• " lines are list items (each a paragraph, the
// marker dropped), short title-like lines between sentences are headings
// ("Story Highlights"), and the remaining lines are either hard-wrapped
// paragraphs (joined with a space) or one paragraph per line.
func textBody(b *builder, lines []string) {
	blocks := splitBlocks(lines)
	prevEnds := true // the line before closes a sentence, list item or heading
	for bi, blk := range blocks {
		var run []string
		flush := func() {
			for _, p := range textParagraphs(run) {
				b.para(p)
			}
			run = run[:0]
		}
		for i := 0; i < len(blk); i++ {
			line := strings.TrimSpace(blk[i])
			if item, ok := listItem(line); ok {
				flush()
				// indented lines that follow continue the item
				parts := []string{item}
				for i+1 < len(blk) && indented(blk[i+1]) && !isListItem(blk[i+1]) {
					i++
					parts = append(parts, strings.TrimSpace(blk[i]))
				}
				b.para(strings.Join(parts, " "))
				prevEnds = true
				continue
			}
			next, ok := nextLine(blocks, bi, i)
			if prevEnds && ok && headingLine(line) && startsSection(next) {
				flush()
				b.heading(line)
				prevEnds = true
				continue
			}
			run = append(run, line)
			prevEnds = endsSentence(line)
		}
		flush()
	}
}

// splitBlocks groups consecutive non-blank lines.
func splitBlocks(lines []string) [][]string {
	var blocks [][]string
	var cur []string
	for _, l := range lines {
		if blank(l) {
			if len(cur) > 0 {
				blocks = append(blocks, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, l)
	}
	if len(cur) > 0 {
		blocks = append(blocks, cur)
	}
	return blocks
}

// nextLine is the line after blocks[bi][i], possibly the first of the next
// block.
func nextLine(blocks [][]string, bi, i int) (string, bool) {
	if i+1 < len(blocks[bi]) {
		return strings.TrimSpace(blocks[bi][i+1]), true
	}
	if bi+1 < len(blocks) {
		return strings.TrimSpace(blocks[bi+1][0]), true
	}
	return "", false
}

// textParagraphs turns a run of text lines into paragraphs. A run whose
// lines look wrapped at a fixed width (all at most 100 characters, the
// widest at least 50, not every line a full sentence) is joined into one
// paragraph; otherwise each line is a paragraph, except that a line broken
// mid-sentence (no final punctuation, next line starting in lower case)
// continues on the next line.
func textParagraphs(run []string) []string {
	if len(run) == 0 {
		return nil
	}
	width, allEnd := 0, true
	for i, l := range run {
		width = max(width, utf8.RuneCountInString(l))
		if i < len(run)-1 && !endsSentence(l) {
			allEnd = false
		}
	}
	if len(run) > 1 && width <= 100 && width >= 50 && !allEnd {
		return []string{strings.Join(run, " ")}
	}
	var out []string
	var cur strings.Builder
	cur.WriteString(run[0])
	prev := run[0]
	for _, l := range run[1:] {
		r, _ := utf8.DecodeRuneInString(l)
		if !endsSentence(prev) && unicode.IsLower(r) {
			cur.WriteString(" " + l)
		} else {
			out = append(out, cur.String())
			cur.Reset()
			cur.WriteString(l)
		}
		prev = l
	}
	return append(out, cur.String())
}

// headline reports whether the first line of a text file reads like a
// headline: at most 150 characters and not ending in a period.
func headline(l string) bool {
	if isListItem(l) || utf8.RuneCountInString(l) > 150 {
		return false
	}
	end := strings.TrimRight(l, "\"'”’)]»")
	return !strings.HasSuffix(end, ".") && !strings.HasSuffix(end, ",") && !strings.HasSuffix(end, ":")
}

// headingLine reports a short, title-like line: at most 80 characters and
// 10 words, starting with a capital or digit, with no final punctuation and
// no sentence break inside.
func headingLine(l string) bool {
	if l == "" || utf8.RuneCountInString(l) > 80 || len(strings.Fields(l)) > 10 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(l)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(l)
	if strings.ContainsRune(".,;:!?…\"'”’)]»", last) {
		return false
	}
	return !strings.Contains(l, ". ") && strings.IndexFunc(l, unicode.IsLetter) >= 0
}

// startsSection reports whether the line after a heading candidate starts
// new text, as the body under a heading does: a list item or a sentence,
// not another short title-like line (a list of fixtures or names).
func startsSection(next string) bool {
	if item, ok := listItem(next); ok {
		return sentence.Starts(item)
	}
	return sentence.Starts(next) && !headingLine(next)
}

// endsSentence reports whether a line ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(l string) bool {
	l = strings.TrimRight(strings.TrimSpace(l), "\"'”’)]»")
	r, _ := utf8.DecodeLastRuneInString(l)
	return sentence.Terminator(r)
}

// listItem returns the text of a bulleted or numbered list line:
// "- item", "* item", "• item", "1. item", "2) item".
func listItem(l string) (string, bool) {
	for _, m := range []string{"- ", "* ", "• ", "· ", "– ", "— ", "+ "} {
		if strings.HasPrefix(l, m) {
			return strings.TrimSpace(l[len(m):]), true
		}
	}
	i := 0
	for i < len(l) && i < 3 && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && l[i+1] == ' ' {
		return strings.TrimSpace(l[i+2:]), true
	}
	return "", false
}

func isListItem(l string) bool {
	_, ok := listItem(strings.TrimSpace(l))
	return ok
}

func indented(l string) bool {
	return strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")
}
