package corpus

import (
	"strings"
	"unicode/utf8"
)

// Truncate returns s when it has at most n runes. Otherwise it returns the
// first n-1 runes of s, less the spaces and line breaks that would end
// them, followed by "…", so the result never has more than n runes; n < 1
// gives "". It is the one rune cutter of digest extracts, Slack texts,
// prompts and log details, so a cut reads the same everywhere.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	cut, count := len(s), 0
	for i := range s {
		if count == n-1 {
			cut = i
			break
		}
		count++
	}
	return strings.TrimRight(s[:cut], " \n") + "…"
}
