package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	cases := []struct {
		in     string
		want   time.Duration
		advice string // in the error; "" means no error
	}{
		{"24h", 24 * time.Hour, ""},
		{"90m", 90 * time.Minute, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"1d", 24 * time.Hour, ""},
		{"7d", 7 * 24 * time.Hour, ""},
		{" 2d ", 48 * time.Hour, ""},
		{"0", 0, "above zero"},
		{"-1h", 0, "above zero"},
		{"-1d", 0, "above zero"},
		{"0d", 0, "above zero"},
		{"1.5d", 0, "whole days"},
		{"d", 0, "whole days"},
		{"1w", 0, "24h or 7d"},
		{"soon", 0, "24h or 7d"},
		{"", 0, "24h or 7d"},
		{"99999999d", 0, "at most"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseDuration(c.in)
			switch {
			case c.advice == "" && (err != nil || got != c.want):
				t.Errorf("ParseDuration(%q) = %v, %v; want %v", c.in, got, err, c.want)
			case c.advice != "" && (!errors.Is(err, ErrDuration) || !strings.Contains(err.Error(), c.advice)):
				t.Errorf("ParseDuration(%q) error = %v; want ErrDuration saying %q", c.in, err, c.advice)
			}
		})
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"24h", "7d", "-1d", "1.5d", "1h30m", "0", "9223372036854775807d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err == nil && d <= 0 {
			t.Errorf("ParseDuration(%q) = %v, no error; want a positive duration or an error", s, d)
		}
		if err != nil && !errors.Is(err, ErrDuration) {
			t.Errorf("ParseDuration(%q) error %v does not match ErrDuration", s, err)
		}
		if strings.HasSuffix(strings.TrimSpace(s), "d") {
			return
		}
		if want, werr := time.ParseDuration(strings.TrimSpace(s)); werr == nil && want > 0 && (err != nil || d != want) {
			t.Errorf("ParseDuration(%q) = %v, %v; want Go's %v", s, d, err, want)
		}
	})
}
