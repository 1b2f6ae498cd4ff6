package corpus

import "testing"

func TestIsSummaryHeading(t *testing.T) {
	tests := []struct {
		heading string
		want    bool
	}{
		{"Story Highlights", true},
		{"Key points", true},
		{"Key takeaways", true},
		{"At a glance", true},
		{"In brief", true},
		{"TL;DR", true},
		{"tldr", true},
		{"What you need to know", true},
		{"Summary", true},
		{"", false},
		{"Background", false},
		{"Summaryland fair", false}, // whole words only
	}
	for _, tt := range tests {
		if got := IsSummaryHeading(tt.heading); got != tt.want {
			t.Errorf("IsSummaryHeading(%q) = %v; want %v", tt.heading, got, tt.want)
		}
	}
}
