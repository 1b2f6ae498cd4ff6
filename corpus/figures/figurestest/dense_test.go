package figurestest

import (
	"strings"
	"testing"
)

func TestDense(t *testing.T) {
	tests := []struct {
		name string
		n    int
	}{
		{"tiny", 1},
		{"a page", 4 << 10},
		{"a large file", 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Dense(tt.n)
			if len(got) < tt.n || len(got) > tt.n+1024 {
				t.Errorf("Dense(%d): %d bytes; want %d to %d", tt.n, len(got), tt.n, tt.n+1024)
			}
			if !strings.HasSuffix(got, ".\n") || !strings.Contains(got, "\n\n") {
				t.Errorf("Dense(%d) ends %q; want a headline, paragraphs and a final full stop", tt.n, got[max(0, len(got)-20):])
			}
			if again := Dense(tt.n); again != got {
				t.Errorf("Dense(%d) differs between calls", tt.n)
			}
		})
	}
}
