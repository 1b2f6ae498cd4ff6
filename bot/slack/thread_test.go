package slack

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"newsdesk/bot/answer"
	"newsdesk/corpus"
	"newsdesk/internal/testkit"
)

// A thread over HTTP with the real answerer: each follow-up is answered
// about what it asks, not with the first answer again, and a follow-up that
// turns to another subject ("what about the bus?") is answered about it.
func TestThreadFollowUpsAnsweredAboutWhatTheyAsk(t *testing.T) {
	root := testkit.RepoRoot(t)
	var arts []corpus.Article
	for _, dir := range []string{"testdata/eval/articles", "testdata/eval/conversations/articles"} {
		a, _, err := corpus.Load(context.Background(), filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a...)
	}
	ix := testkit.Index(t, arts)
	a := answer.New(ix, nil, nil)
	f := testkit.NewSlack(t)
	b := startBot(t, f, a, a, nil)

	postEvent(t, b, "EvT1", mention("C1", "1700.7000", "", "What will a ferry return ticket for a car and two passengers cost?"), nil)
	turns := []struct {
		ts, text, want string
	}{
		{"", "", "£142"},
		{"1700.7001", "why are the fares going up?", "higher fuel costs"},
		{"1700.7002", "how long was the Kittiwake in dry dock?", "six weeks"},
		{"1700.7003", "and what about the bus?", "£2.10"},
	}
	for i, turn := range turns {
		if i > 0 {
			postEvent(t, b, "EvT"+turn.ts, map[string]any{
				"type": "message", "channel_type": "channel", "channel": "C1", "user": "UASKER",
				"text": turn.text, "ts": turn.ts, "thread_ts": "1700.7000",
			}, nil)
		}
		p := f.WaitPost(t)
		if p.ThreadTS != "1700.7000" {
			t.Errorf("turn %d: reply in thread %q; want 1700.7000", i, p.ThreadTS)
		}
		if quote := answerText(p.Blocks); !strings.Contains(quote, turn.want) {
			t.Errorf("turn %d (%q): quoted %q; want the sentence with %q", i, turn.text, quote, turn.want)
		}
	}
	b.stop(t)
}

// answerText is the answer of an answer's blocks: the sentences in bold
// in the quoted passage, or else the lines above it.
func answerText(blocks string) string {
	var bold, above []string
	quoted := false
	for _, line := range strings.Split(blocks, "\n") {
		quoted = quoted || strings.HasPrefix(line, ">")
		if !quoted {
			above = append(above, line)
		}
		if parts := strings.Split(line, "*"); strings.HasPrefix(line, ">") && len(parts) > 2 {
			bold = append(bold, parts[1])
		}
	}
	if len(bold) > 0 {
		return strings.Join(bold, " ")
	}
	return strings.Join(above, "\n")
}
