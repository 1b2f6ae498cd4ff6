package progress

import (
	"strings"
	"testing"
	"time"
)

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 2225: "2,225", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q; want %q", n, got, want)
		}
	}
}

// clock is a Line's clock that the test moves by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestLine(t *testing.T) {
	cases := []struct {
		name  string
		steps func(l *Line, c *clock)
		want  []string // in order in the output
		not   string   // absent from the output; "" means nothing to check
	}{
		{"indexing to the end", func(l *Line, c *clock) {
			l.Say("reading articles…")
			l.Show(900, 2225)
			c.t = c.t.Add(3 * time.Second)
			l.Show(2000, 2225)
			c.t = c.t.Add(1100 * time.Millisecond)
			l.Show(2225, 2225)
		}, []string{"\rreading articles…\x1b[K", "\rindexing 2,225 articles… 40%\x1b[K", "\rindexing 2,225 articles… 89% (3s)\x1b[K", "\rindexed 2,225 articles in 4.1s\x1b[K\n"}, ""},
		{"nothing to index", func(l *Line, c *clock) {
			l.Say("reading articles…")
		}, []string{"\rreading articles…\x1b[K", "\r\x1b[K"}, "indexing"},
		{"an error half-way", func(l *Line, c *clock) {
			l.Show(200, 400)
		}, []string{"indexing 400 articles… 50%", "\r\x1b[K"}, "indexed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			l := New(&b, "indexing", "indexed", "articles")
			l.now, l.redrawEvery = c.now, time.Hour // no redraw during the test
			tc.steps(l, c)
			l.Close()
			out, rest := b.String(), b.String()
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("output %q lacks %q (in order)", out, w)
				}
				rest = rest[i+len(w):]
			}
			if tc.not != "" && strings.Contains(out, tc.not) {
				t.Errorf("output %q has %q", out, tc.not)
			}
		})
	}
}

func TestNilLine(t *testing.T) {
	var l *Line
	l.Say("x")
	l.Show(1, 2)
	l.Close()
}
