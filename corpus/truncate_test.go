package corpus

import "testing"

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"abcdefghij", 5, "abcd…"},
		{"ab cdefghij", 4, "ab…"},  // no space before the mark
		{"ab\n\ncdefgh", 5, "ab…"}, // nor a line break
		{"€€€€€€", 3, "€€…"},       // runes, not bytes
		{"abc", 1, "…"},
		{"x", 0, ""},
		{"", 0, ""},
		{"", -1, ""},
	}
	for _, tt := range tests {
		if got := Truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q; want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
