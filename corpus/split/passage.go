package split

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/corpus"
)

// MaxPassage is the soft cap on a passage's length in bytes (about 1,000
// characters). No passage Passages returns is longer.
const MaxPassage = 1000

// packLimit is how long a passage of packed short paragraphs may grow: short
// paragraphs (one-sentence news paragraphs, list items) read better together,
// but a packed passage should stay shorter than a full one. 800 rather
// than 600 put the detail paragraph of a BBC story in the same passage as
// its lede more often: passage hit@1 on the BBC question set went from 60%
// to 72% and sentence accuracy from 42% to 49% (README, "Answer quality").
const packLimit = 800

// maxLocatorHeading is the length in characters beyond which a heading is
// shortened in a locator.
const maxLocatorHeading = 40

// Passages cuts an article into passages that can be quoted in a chat message.
//
// A passage is a paragraph of one section. Consecutive short paragraphs of
// a section are packed together (up to about 800 bytes, joined as in Text);
// a paragraph longer than MaxPassage is cut at sentence boundaries, and a
// single sentence longer than that at a word boundary as a last resort.
// Passages never cross a section, never include the heading, and each Text
// is a verbatim substring of a.Text of at most MaxPassage bytes. IDs are
// a.ID + "#" + N, N counting from 1 in article order, so they stay the same
// while the article does.
//
// Passages trusts a.Sections when given; a paragraph not found in a.Text is
// left out rather than quoted wrongly. Without Sections, the blocks of Text
// (separated by blank lines) are the paragraphs of the lead.
func Passages(a corpus.Article) []corpus.Passage {
	sections := a.Sections
	if len(sections) == 0 {
		sections = []corpus.Section{{Paragraphs: strings.Split(a.Text, "\n\n")}}
	}
	var out []corpus.Passage
	add := func(section, locator string, s Span) {
		n := len(out) + 1
		out = append(out, corpus.Passage{
			ID:        a.ID + "#" + strconv.Itoa(n),
			ArticleID: a.ID,
			N:         n,
			Section:   section,
			Locator:   locator,
			Text:      a.Text[s.Start:s.End],
		})
	}
	pos := 0
	for _, sec := range sections {
		if sec.Heading != "" {
			if i := blockIndex(a.Text, sec.Heading, pos); i >= 0 {
				pos = i + len(sec.Heading)
			}
		}
		type para struct {
			n int // 1-based number within the section
			Span
		}
		var paras []para
		for n, p := range sec.Paragraphs {
			s, ok := trimSpan(p, 0, len(p))
			if !ok {
				continue
			}
			p = p[s.Start:s.End]
			i := blockIndex(a.Text, p, pos)
			if i < 0 {
				continue
			}
			paras = append(paras, para{n + 1, Span{i, i + len(p)}})
			pos = i + len(p)
		}
		head := locatorHeading(sec.Heading)
		for i := 0; i < len(paras); {
			j := i
			for j+1 < len(paras) && paras[j+1].End-paras[i].Start <= packLimit &&
				strings.TrimSpace(a.Text[paras[j].End:paras[j+1].Start]) == "" {
				j++
			}
			if j > i {
				add(sec.Heading, locator(head, paras[i].n, paras[j].n), Span{paras[i].Start, paras[j].End})
				i = j + 1
				continue
			}
			p := paras[i]
			loc := locator(head, p.n, p.n)
			if p.End-p.Start <= MaxPassage {
				add(sec.Heading, loc, p.Span)
			} else {
				parts := chunks(a.Text, p.Span)
				for k, c := range parts {
					add(sec.Heading, fmt.Sprintf("%s (%d/%d)", loc, k+1, len(parts)), c)
				}
			}
			i++
		}
	}
	return out
}

// blockIndex finds block in text at or after from, preferring an occurrence
// that is a whole block (bounded by line breaks or the ends of text).
func blockIndex(text, block string, from int) int {
	if block == "" || from > len(text) {
		return -1
	}
	first := -1
	for at := from; at <= len(text); {
		i := strings.Index(text[at:], block)
		if i < 0 {
			break
		}
		i += at
		if first < 0 {
			first = i
		}
		end := i + len(block)
		if (i == 0 || text[i-1] == '\n') && (end == len(text) || text[end] == '\n') {
			return i
		}
		at = i + 1
	}
	return first
}

// chunks cuts a long paragraph into pieces of whole sentences of at most
// MaxPassage bytes, aiming at pieces of similar length.
func chunks(text string, p Span) []Span {
	var pieces []Span
	for _, s := range SentenceSpans(text[p.Start:p.End]) {
		s = Span{s.Start + p.Start, s.End + p.Start}
		pieces = append(pieces, cutWords(text, s)...)
	}
	total := p.End - p.Start
	n := (total + MaxPassage - 1) / MaxPassage
	target := total / max(n, 1)
	var out []Span
	cur := Span{-1, -1}
	for _, s := range pieces {
		if cur.Start >= 0 && s.End-cur.Start > MaxPassage {
			out = append(out, cur)
			cur.Start = -1
		}
		if cur.Start < 0 {
			cur.Start = s.Start
		}
		cur.End = s.End
		if cur.End-cur.Start >= target {
			out = append(out, cur)
			cur.Start = -1
		}
	}
	if cur.Start >= 0 {
		if k := len(out) - 1; k >= 0 && cur.End-out[k].Start <= MaxPassage {
			out[k].End = cur.End
		} else {
			out = append(out, cur)
		}
	}
	return out
}

// cutWords returns s whole when it fits MaxPassage, otherwise cut at the
// last space before the cap (or, in a run without spaces, at the last
// character boundary before it).
func cutWords(text string, s Span) []Span {
	var out []Span
	for s.End-s.Start > MaxPassage {
		limit := s.Start + MaxPassage
		for limit > s.Start && !utf8.RuneStart(text[limit]) {
			limit--
		}
		if limit == s.Start {
			limit = s.Start + MaxPassage // not UTF-8: any byte will do
		}
		cut := strings.LastIndexFunc(text[s.Start:limit+1], unicode.IsSpace)
		if cut <= 0 {
			cut = limit - s.Start
		}
		if piece, ok := trimSpan(text, s.Start, s.Start+cut); ok {
			out = append(out, piece)
		}
		rest, ok := trimSpan(text, s.Start+cut, s.End)
		if !ok {
			return out
		}
		s = rest
	}
	return append(out, s)
}

// locator reads "Heading ¶N", "Heading ¶N–M" for packed paragraphs, or just
// "¶N" in the lead.
func locator(head string, from, to int) string {
	l := "¶" + strconv.Itoa(from)
	if to > from {
		l += "–" + strconv.Itoa(to)
	}
	if head == "" {
		return l
	}
	return head + " " + l
}

// locatorHeading shortens a heading longer than maxLocatorHeading characters
// at a word boundary and marks the cut with "…".
func locatorHeading(h string) string {
	if utf8.RuneCountInString(h) <= maxLocatorHeading {
		return h
	}
	cut := 0
	n := 0
	for i := range h {
		if n == maxLocatorHeading {
			break
		}
		if i > 0 && h[i] == ' ' {
			cut = i
		}
		n++
	}
	if cut == 0 {
		cut = len(h)
		n = 0
		for i := range h {
			if n == maxLocatorHeading-1 {
				cut = i
				break
			}
			n++
		}
	}
	return strings.TrimRightFunc(h[:cut], func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	}) + "…"
}
