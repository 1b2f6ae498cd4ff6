package rank

import "testing"

func TestWantsLatest(t *testing.T) {
	cases := []struct {
		q    string
		want bool
	}{
		{"What is the latest energy price cap?", true},
		{"How many households are behind now?", true},
		{"What is the most recent figure?", true},
		{"What is the current bill?", true},
		{"Is the marathon route well known?", false},
		{"Which currency fell?", false},
		{"How much snow fell?", false},
	}
	for _, c := range cases {
		if got := wantsLatest(c.q); got != c.want {
			t.Errorf("wantsLatest(%q) = %v; want %v", c.q, got, c.want)
		}
	}
}
