package eval

import (
	"testing"

	"newsdesk/bot"
)

func TestShows(t *testing.T) {
	tests := []struct {
		text, qualifier, want string
		shows                 bool
	}{
		{"£40m", "", "£40m", true},
		{"£40M", "", "£40m", true},
		{"about 76,000", "about", "76,000", true},
		{"More than 250,000", "More than", "250,000", true},
		{"about 76,000", "about", "about 76,000", true},
		{"76,000", "", "about 76,000", false},
		{"about 76,000", "about", "6,000", false},
		{"£4m", "", "£40m", false},
	}
	for _, tt := range tests {
		t.Run(tt.text+"/"+tt.want, func(t *testing.T) {
			fa := bot.FigureAnswer{Text: tt.text, Qualifier: tt.qualifier}
			if got := shows(fa, tt.want); got != tt.shows {
				t.Errorf("shows(%q, %q) = %v; want %v", tt.text, tt.want, got, tt.shows)
			}
		})
	}
}
