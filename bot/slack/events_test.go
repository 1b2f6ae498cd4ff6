package slack

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsdesk/bot"
	"newsdesk/bot/state"
	"newsdesk/internal/testkit"
)

func TestEventDocumentMarkupIsEscaped(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{answer: func(q string, _ bot.AskOptions) (bot.Answer, error) {
		c := aidCitation
		c.Title = "Alert <!channel> & <@U999>"
		c.Text = "Everyone <!channel> look: <https://evil.example|click> & <@U123> 5 > 3."
		return bot.Answer{Question: q, Mode: bot.Extractive, Answer: "<!here> it is " + c.Text, Citations: []bot.Citation{c}}, nil
	}}
	b := startBot(t, f, ask, nil, nil)
	postEvent(t, b, "EvEsc", mention("C1", "1700.0010", "", "what <!channel>?"), nil)
	p := f.WaitPost(t)
	b.stop(t)

	for _, field := range []struct{ name, text string }{{"blocks", p.Blocks}, {"text", p.Text}} {
		for _, bad := range []string{"<!channel>", "<!here>", "<@U123>", "<@U999>", "<https://evil"} {
			if strings.Contains(field.text, bad) {
				t.Errorf("%s contains live markup %q:\n%s", field.name, bad, field.text)
			}
		}
	}
	if !strings.Contains(p.Blocks, "&lt;!channel&gt;") {
		t.Errorf("blocks lack the escaped &lt;!channel&gt;:\n%s", p.Blocks)
	}
	if !strings.Contains(p.Blocks, "<https://news.example.com/ukraine-guarantees?a=1&amp;b=2|") {
		t.Errorf("blocks lack the bot-built title link:\n%s", p.Blocks)
	}
}

func TestEventDirectMessage(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{}
	b := startBot(t, f, ask, nil, nil)
	postEvent(t, b, "EvDM", map[string]any{
		"type": "message", "channel_type": "im", "channel": "D1", "user": "UASKER",
		"text": "How much money did allies give Ukraine in 2024?", "ts": "1700.0020",
	}, nil)
	p := f.WaitPost(t)
	b.stop(t)
	if p.Channel != "D1" || p.ThreadTS != "1700.0020" {
		t.Errorf("got reply in %s thread %q; want D1 in the question's thread 1700.0020", p.Channel, p.ThreadTS)
	}
	if !strings.Contains(p.Blocks, "€50 billion") {
		t.Errorf("DM reply lacks the answer:\n%s", p.Blocks)
	}
}

func TestEventThreadFollowUpUsesPreviousQuestion(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{}
	b := startBot(t, f, ask, nil, nil)
	first := "How much money did allies give Ukraine in 2024?"
	postEvent(t, b, "EvQ1", mention("C1", "1700.0030", "", first), nil)
	f.WaitPost(t)

	// A reply in that thread without a mention; Slack sends it as a message event.
	postEvent(t, b, "EvQ2", map[string]any{
		"type": "message", "channel_type": "channel", "channel": "C1", "user": "UASKER",
		"text": "and in 2025?", "ts": "1700.0031", "thread_ts": "1700.0030",
	}, nil)
	p := f.WaitPost(t)
	b.stop(t)

	if p.ThreadTS != "1700.0030" {
		t.Errorf("got follow-up reply in thread %q; want 1700.0030", p.ThreadTS)
	}
	calls := ask.asked()
	if len(calls) != 2 {
		t.Fatalf("got %d Ask calls; want 2", len(calls))
	}
	if calls[1].Question != "and in 2025?" || calls[1].Opts.Previous != first {
		t.Errorf("follow-up: got Ask(%q, Previous %q); want Ask(%q, Previous %q)", calls[1].Question, calls[1].Opts.Previous, "and in 2025?", first)
	}
}

func TestEventIgnored(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{}
	b := startBot(t, f, ask, nil, nil)
	tests := []struct {
		name string
		ev   map[string]any
	}{
		{"own message", map[string]any{"type": "message", "channel_type": "im", "channel": "D1", "user": testBotUser, "text": "hi", "ts": "1.1"}},
		{"other bot", map[string]any{"type": "message", "channel_type": "im", "channel": "D1", "user": "U2", "bot_id": "B2", "text": "hi", "ts": "1.2"}},
		{"edit", map[string]any{"type": "message", "subtype": "message_changed", "channel_type": "im", "channel": "D1", "text": "hi", "ts": "1.3"}},
		{"join", map[string]any{"type": "message", "subtype": "channel_join", "channel_type": "channel", "channel": "C1", "user": "U2", "text": "joined", "ts": "1.4"}},
		{"channel chatter", map[string]any{"type": "message", "channel_type": "channel", "channel": "C1", "user": "U2", "text": "lunch?", "ts": "1.5"}},
		{"unknown thread", map[string]any{"type": "message", "channel_type": "channel", "channel": "C1", "user": "U2", "text": "and?", "ts": "1.6", "thread_ts": "0.9"}},
		{"bot mention from bot", map[string]any{"type": "app_mention", "channel": "C1", "user": "U2", "bot_id": "B2", "text": "<@UBOT> hi", "ts": "1.7"}},
		{"reaction", map[string]any{"type": "reaction_added", "user": "U2", "reaction": "mag"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			postEvent(t, b, "EvIgnored"+string(rune('A'+i)), tt.ev, nil)
		})
	}
	b.stop(t)
	if got := len(f.Posts()); got != 0 {
		t.Errorf("got %d replies; want none", got)
	}
	if got := ask.asked(); len(got) != 0 {
		t.Errorf("got Ask calls %+v; want none", got)
	}
}

func TestEventSameMessageTwiceAnsweredOnce(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{}
	b := startBot(t, f, ask, nil, nil)
	// A mention in a thread the bot answered arrives as app_mention and as message.
	postEvent(t, b, "EvT1", mention("C1", "1700.0040", "", "first question"), nil)
	f.WaitPost(t)
	postEvent(t, b, "EvT2", mention("C1", "1700.0041", "1700.0040", "second question"), nil)
	postEvent(t, b, "EvT3", map[string]any{
		"type": "message", "channel_type": "channel", "channel": "C1", "user": "UASKER",
		"text": "<@UBOT> second question", "ts": "1700.0041", "thread_ts": "1700.0040",
	}, nil)
	b.stop(t)
	if got := len(f.Posts()); got != 2 {
		t.Errorf("got %d replies; want 2 (one per question)", got)
	}
	if calls := ask.asked(); len(calls) != 2 || calls[1].Opts.Previous != "first question" {
		t.Errorf("got Ask calls %+v; want 2, the second with Previous %q", calls, "first question")
	}
}

func TestEventInternalErrorGetsApology(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{answer: func(string, bot.AskOptions) (bot.Answer, error) { return bot.Answer{}, errBoom }}
	b := startBot(t, f, ask, nil, nil)
	postEvent(t, b, "EvErr", mention("C1", "1700.0050", "", "question?"), nil)
	p := f.WaitPost(t)
	b.stop(t)
	if !strings.Contains(p.Text, "Sorry") || strings.Contains(p.Text, errBoom.Error()) {
		t.Errorf("got %q; want a short apology without the error", p.Text)
	}
	if !strings.Contains(b.logs.String(), errBoom.Error()) {
		t.Errorf("log lacks the error %q", errBoom)
	}
}

func TestEventAskerMistakeShown(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{answer: func(string, bot.AskOptions) (bot.Answer, error) {
		return bot.Answer{}, fmt.Errorf("ask: %w", bot.ErrQuestionTooLong)
	}}
	b := startBot(t, f, ask, nil, nil)
	postEvent(t, b, "EvLong", mention("C1", "1700.0055", "", "question?"), nil)
	p := f.WaitPost(t)
	b.stop(t)
	if want := escapeText(bot.ErrQuestionTooLong.Error()); !strings.Contains(p.Text, want) {
		t.Errorf("got %q; want the error's own text %q", p.Text, want)
	}
}

func TestEventNoAnswerShowsClosestPassages(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{answer: func(q string, _ bot.AskOptions) (bot.Answer, error) {
		return bot.Answer{Question: q, Mode: bot.NoAnswer, Related: []bot.Citation{aidCitation}}, nil
	}}
	b := startBot(t, f, ask, nil, nil)
	postEvent(t, b, "EvNone", mention("C1", "1700.0060", "", "who won the cup?"), nil)
	p := f.WaitPost(t)
	b.stop(t)
	if !strings.Contains(p.Blocks, "find this in the articles") || !strings.Contains(p.Blocks, "€50 billion") {
		t.Errorf("got %s; want the not-found sentence and the closest passage", p.Blocks)
	}
}

func TestEventProgressReaction(t *testing.T) {
	f := testkit.NewSlack(t)
	b := startBot(t, f, &fakeAsker{}, nil, nil)
	postEvent(t, b, "EvReact", mention("C1", "1700.0070", "", "question?"), nil)
	f.WaitPost(t)
	b.stop(t)
	var methods []string
	for _, c := range f.Calls() {
		methods = append(methods, c.Method)
	}
	want := "reactions.add chat.postMessage reactions.remove"
	if got := strings.Join(methods, " "); got != want {
		t.Errorf("got calls %q; want %q", got, want)
	}
}

func TestEventCleanText(t *testing.T) {
	b := &Bot{me: Identity{UserID: "UBOT"}}
	tests := []struct{ in, want string }{
		{"<@UBOT> How much?", "How much?"},
		{"<@UBOT|newsdesk>   what   about\n<#C12|news>?", "what about #news?"},
		{"ask <@U123> and <@U9|ann> about <https://x.example/a|this link>", "ask @U123 and @ann about this link"},
		{"AT&amp;T &lt;b&gt; &amp;lt;", "AT&T <b> &lt;"},
		{"<!channel> now", "@channel now"},
		{"<!subteam^S1|@team> hi", "@team hi"},
		{"<mailto:a@b.c|a@b.c>", "a@b.c"},
	}
	for _, tt := range tests {
		if got := b.cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestEventRetryHeaderLogged(t *testing.T) {
	f := testkit.NewSlack(t)
	b := startBot(t, f, &fakeAsker{}, nil, nil)
	postEvent(t, b, "EvR", mention("C1", "1700.0200", "", "q"), nil)
	f.WaitPost(t)
	postEvent(t, b, "EvR", mention("C1", "1700.0200", "", "q"), http.Header{"X-Slack-Retry-Num": {"2"}})
	b.stop(t)
	if !strings.Contains(b.logs.String(), "duplicate event ignored") {
		t.Errorf("log lacks the duplicate note:\n%s", b.logs.String())
	}
}

// A question whose answer runs out of time still gets the apology: the
// reply is posted with its own bounded context, not the spent deadline.
func TestEventAnswerTimeoutGetsApology(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{hold: make(chan struct{})} // never released: Ask ends with ctx's deadline
	b := startBot(t, f, ask, nil, func(o *Options) { o.AnswerTimeout = time.Millisecond })
	postEvent(t, b, "EvSlow", mention("C1", "1700.0080", "", "question?"), nil)
	p := f.WaitPost(t)
	b.stop(t)
	if p.Text != textApology || p.ThreadTS != "1700.0080" {
		t.Errorf("got %q in thread %q; want the apology in thread 1700.0080", p.Text, p.ThreadTS)
	}
}

// Messages that carry a question under a subtype are answered: a thread
// reply also sent to the channel (thread_broadcast) and a DM with a file
// attached (file_share). Edits and joins stay ignored (TestEventIgnored).
func TestEventQuestionSubtypesAnswered(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{}
	b := startBot(t, f, ask, nil, nil)
	postEvent(t, b, "EvSub1", mention("C1", "1700.0090", "", "How much money did allies give Ukraine in 2024?"), nil)
	f.WaitPost(t)

	tests := []struct {
		name   string
		ev     map[string]any
		thread string
	}{
		{"thread_broadcast", map[string]any{
			"type": "message", "subtype": "thread_broadcast", "channel_type": "channel", "channel": "C1", "user": "UASKER",
			"text": "and in 2025?", "ts": "1700.0091", "thread_ts": "1700.0090",
		}, "1700.0090"},
		{"file_share", map[string]any{
			"type": "message", "subtype": "file_share", "channel_type": "im", "channel": "D1", "user": "UASKER",
			"text": "what does this say about aid?", "ts": "1700.0092",
		}, "1700.0092"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			postEvent(t, b, fmt.Sprintf("EvSub%d", i+2), tt.ev, nil)
			p := f.WaitPost(t)
			if p.ThreadTS != tt.thread {
				t.Errorf("got reply in thread %q; want %q", p.ThreadTS, tt.thread)
			}
		})
	}
	b.stop(t)
}

// A Slack retry after a restart, on the same data folder, is not answered
// again.
func TestEventDedupAcrossRestart(t *testing.T) {
	f := testkit.NewSlack(t)
	dir := t.TempDir()
	var st state.Store
	useDir := func(o *Options) { st = openState(t, dir); o.State = st } // reopened: what a restart reads

	first := startBot(t, f, &fakeAsker{}, nil, useDir)
	postEvent(t, first, "EvRestart", mention("C1", "1700.0300", "", "question?"), nil)
	f.WaitPost(t)
	first.stop(t)
	closeState(t, st)

	second := startBot(t, f, &fakeAsker{}, nil, useDir)
	postEvent(t, second, "EvRestart", mention("C1", "1700.0300", "", "question?"), map[string][]string{"X-Slack-Retry-Num": {"3"}})
	second.stop(t)
	if got := len(f.Posts()); got != 1 {
		t.Errorf("got %d replies across a restart; want 1", got)
	}
}

// A mention with nothing to ask, or only more mentions, gets the short
// "ask me something" reply, not an answer; a group DM is answered like a
// DM, in the question's thread.
func TestEventNothingAskedAndGroupDM(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{}
	b := startBot(t, f, ask, nil, nil)
	tests := []struct {
		name string
		ev   map[string]any
		want string // in the reply; "" means an answer
	}{
		{"bare mention", mention("C1", "1700.9001", "", ""), "Ask me a question"},
		{"mention and @channel", mention("C1", "1700.9002", "", "<!channel>"), "Ask me a question"},
		{"mention and a user", mention("C1", "1700.9003", "", "<@U42> ?"), "Ask me a question"},
		{"group DM", map[string]any{"type": "message", "channel_type": "mpim", "channel": "G1", "user": "UASKER",
			"text": "How much money did allies give Ukraine in 2024?", "ts": "1700.9004"}, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			postEvent(t, b, fmt.Sprintf("EvNothing%d", i), tt.ev, nil)
			p := f.WaitPost(t)
			if p.ThreadTS != tt.ev["ts"] {
				t.Errorf("reply in thread %q; want the question's %v", p.ThreadTS, tt.ev["ts"])
			}
			switch {
			case tt.want != "" && !strings.Contains(p.Text, tt.want):
				t.Errorf("reply %q; want it to contain %q", p.Text, tt.want)
			case tt.want == "" && !strings.Contains(p.Blocks, "€50 billion"):
				t.Errorf("reply %q; want the answer", p.Blocks)
			}
		})
	}
	b.stop(t)
	if got := len(ask.asked()); got != 1 {
		t.Errorf("Ask called %d times; want once (for the group DM)", got)
	}
}
