package answer

import (
	"context"
	"errors"
	"math"
	"newsdesk/bot"
	"newsdesk/internal/testkit"
	"strings"
	"testing"
)

// FuzzAsk asks arbitrary questions (and follow-ups, with any k) of a small
// fixed index:
// Ask never panics, refuses only what the asker can fix, and an extractive
// answer quotes only text of the passage it cites.
func FuzzAsk(f *testing.F) {
	a := New(testkit.Library(f), nil, nil)
	for i, s := range [][2]string{
		{"How much support did allies provide Ukraine in 2024?", ""},
		{"and in 2025?", "How much support did allies provide Ukraine in 2024?"},
		{"and when?", "Who won the Lakeside marathon?"},
		{"Who confirmed Zelenskyy's shift on NATO membership?", ""},
		{"How much of the harbour cost does the development fund cover?", ""},
		{"What is the latest energy price cap?", ""},
		{"What is it?", ""},
		{"???", "Who won?"},
		{"Australian €50bn U.S. 1994 … «»", ""},
		{"Что случилось с НАТО? 北约 🤔", ""},
		{"\xff\xfe", ""},
	} {
		f.Add(s[0], s[1], i-1)
	}
	f.Add("How much support did allies provide Ukraine in 2024?", "", math.MaxInt) // once panicked in index.Search
	f.Fuzz(func(t *testing.T, question, previous string, k int) {
		ans, err := a.Ask(context.Background(), question, bot.AskOptions{Previous: previous, K: k})
		if err != nil {
			if errors.Is(err, bot.ErrEmptyQuestion) || errors.Is(err, bot.ErrQuestionTooLong) {
				return
			}
			t.Fatalf("Ask(%q, previous %q) error = %v; want an answer or an asker's mistake", question, previous, err)
		}
		if ans.Mode != bot.Extractive {
			return
		}
		if len(ans.Citations) == 0 {
			t.Fatalf("Ask(%q) extractive answer %q has no citation", question, ans.Answer)
		}
		for _, part := range strings.Split(ans.Answer, " … ") {
			if part == "" || !strings.Contains(ans.Citations[0].Text, part) {
				t.Fatalf("Ask(%q): quoted part %q is not in the cited passage %q", question, part, ans.Citations[0].Text)
			}
		}
	})
}
