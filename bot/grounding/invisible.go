package grounding

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// StripInvisible removes what a reader cannot see but a parser or a model
// may act on: control characters (C0 and C1, except the line break; tabs
// become spaces, CR LF becomes LF), format characters such as zero-width
// spaces, bidi overrides, soft hyphens and tag characters, and invalid UTF-8.
func StripInvisible(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (r != '\n' && (unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r))) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
