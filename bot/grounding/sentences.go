package grounding

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/corpus"
)

// maxDetailSentence caps the uncited sentence an Error quotes: 80 runes
// and "…".
const maxDetailSentence = 81

// textSpan is a byte range of the answer.
type textSpan struct{ start, end int }

// splitSentences cuts text after ".", "!", "?" or "…" (and any closing quotes
// or brackets) followed by a space, and at line breaks. A marker group that
// follows the full stop stays with the sentence before it.
func splitSentences(text string, groups []markerGroup) []textSpan {
	groupAt := make(map[int]int, len(groups)) // start offset → end offset
	for _, g := range groups {
		groupAt[g.start] = g.end
	}
	var out []textSpan
	start := 0
	cut := func(end int) {
		if end > start {
			out = append(out, textSpan{start, end})
		}
		start = end
	}
	for i := 0; i < len(text); {
		if end, ok := groupAt[i]; ok {
			i = end // never cut inside a marker group
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case r == '\n':
			cut(i)
		case r == '.' || r == '!' || r == '?' || r == '…':
			j := i
			for j < len(text) && strings.ContainsRune(`"')]”’»`, rune(text[j])) {
				j++
			}
			if j < len(text) && !isSpaceByte(text[j]) {
				continue // "2.5", "U.S", "e.g.x": not a sentence end
			}
			// A marker group after the stop belongs to this sentence.
			k := j
			for k < len(text) && text[k] == ' ' {
				k++
			}
			if end, ok := groupAt[k]; ok {
				j = end
				for j < len(text) && strings.ContainsRune(`.!?`, rune(text[j])) {
					j++
				}
			}
			i = j
			cut(j)
		}
	}
	cut(len(text))
	return out
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// sentenceCites returns, for each sentence, the passages it cites: its own
// markers, or those of the next sentence that has some. Sentences with words
// after the last marked sentence are uncited.
func sentenceCites(text, masked string, sentences []textSpan, groups []markerGroup) ([][]int, error) {
	cites := make([][]int, len(sentences))
	for i, s := range sentences {
		for _, g := range groups {
			if g.start >= s.start && g.start < s.end {
				cites[i] = append(cites[i], g.ns...)
			}
		}
	}
	var next []int
	for i := len(sentences) - 1; i >= 0; i-- {
		if len(cites[i]) > 0 {
			next = cites[i]
			continue
		}
		if next == nil {
			s := sentences[i]
			if strings.ContainsFunc(masked[s.start:s.end], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
				return nil, &Error{Check: CheckUncited, Detail: strconv.Quote(corpus.Truncate(strings.TrimSpace(text[s.start:s.end]), maxDetailSentence))}
			}
			continue
		}
		cites[i] = next
	}
	return cites, nil
}
