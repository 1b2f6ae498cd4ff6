package sentence

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Starts reports whether s begins like a sentence: a capital, a digit, an
// opening quote or bracket, a currency sign, a dash or bullet, or a letter
// of a script without case.
func Starts(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case unicode.IsUpper(r), unicode.IsDigit(r), unicode.Is(unicode.Sc, r):
		return true
	case unicode.IsLower(r):
		return false
	case unicode.IsLetter(r):
		return true // no case: CJK, Arabic, …
	}
	return strings.ContainsRune("\"'“‘([«-–—•*", r)
}

// Terminator reports whether r ends a sentence.
func Terminator(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }
