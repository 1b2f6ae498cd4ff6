package slack

import (
	"bytes"
	"encoding/json"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"newsdesk/bot"
	"newsdesk/corpus/figures"
	"newsdesk/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// checkGolden compares m, as JSON, with testdata/name.json.
func checkGolden(t *testing.T, name string, m Message) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep the golden files readable; Slack reads both forms
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"text": m.Text, "blocks": m.Blocks}); err != nil {
		t.Fatal(err)
	}
	testkit.CheckGolden(t, filepath.Join("testdata", name+".json"), buf.Bytes(), *update)
}

func TestBlocksGolden(t *testing.T) {
	second := aidCitation
	second.PassageID = "ukraine-nato-security-guarantees#p4"
	second.Locator = "¶4"
	second.Text = "European countries provided nearly 60 percent & more."
	second.URL = ""
	tests := []struct {
		name string
		msg  Message
	}{
		{"extractive", answerMessage(aidAnswer("How much money did allies give Ukraine in 2024?"), answerOptions{})},
		{"extractive_share", answerMessage(aidAnswer("How much money did allies give Ukraine in 2024?"), answerOptions{ShareID: "abc123"})},
		{"shared", answerMessage(aidAnswer("How much <b>?"), answerOptions{Shared: "U42"})},
		{"llm", answerMessage(bot.Answer{
			Question: "How much did allies give?", Mode: bot.LLM, Model: "gpt-4o-mini",
			Answer:    "Allies gave over €50 billion [1], mostly from Europe [2].",
			Citations: []bot.Citation{aidCitation, second},
		}, answerOptions{})},
		{"none", answerMessage(bot.Answer{Question: "Who won the cup?", Mode: bot.NoAnswer, Related: []bot.Citation{aidCitation, second}}, answerOptions{})},
		{"none_empty", answerMessage(bot.Answer{Question: "Who won the cup?", Mode: bot.NoAnswer}, answerOptions{})},
		{"figures", figuresMessage(bot.FigureList{Topic: "aid <to> Ukraine", Figures: []bot.FigureAnswer{
			{Text: "over €50 billion", Kind: figures.Money, Qualifier: "over", Subject: "military support", Period: "2024", Sentence: aidCitation.Text, Citation: aidCitation},
			{Text: "nearly 60 percent", Kind: figures.Percent, Qualifier: "nearly", Subject: "European countries", Sentence: second.Text, Citation: second},
		}})},
		{"figures_empty", figuresMessage(bot.FigureList{Topic: "cup"})},
		{"help", textMessage(helpText())},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkGolden(t, tt.name, tt.msg) })
	}
}

func TestBlocksStayWithinLimits(t *testing.T) {
	huge := strings.Repeat("A very long sentence about <!channel> & aid. ", 400) // ~18k chars, escapes expand it
	many := make([]bot.Citation, 80)
	for i := range many {
		many[i] = aidCitation
		many[i].Text = huge
		many[i].Title = strings.Repeat("T&", 500)
	}
	figs := make([]bot.FigureAnswer, 60)
	for i := range figs {
		figs[i] = bot.FigureAnswer{Text: "€1", Sentence: huge, Citation: aidCitation}
	}
	tests := []struct {
		name string
		msg  Message
	}{
		{"long extractive", answerMessage(bot.Answer{Question: huge, Mode: bot.Extractive, Answer: huge, Citations: many}, answerOptions{ShareID: "x"})},
		{"many llm citations", answerMessage(bot.Answer{Question: "q", Mode: bot.LLM, Answer: huge, Citations: many}, answerOptions{})},
		{"many related", answerMessage(bot.Answer{Question: "q", Mode: bot.NoAnswer, Related: many}, answerOptions{})},
		{"many figures", figuresMessage(bot.FigureList{Topic: huge, Figures: figs})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := len(tt.msg.Blocks); n > maxBlocks || n == 0 {
				t.Errorf("got %d blocks; want 1..%d", n, maxBlocks)
			}
			if n := utf8.RuneCountInString(tt.msg.Text); n > maxFallbackText {
				t.Errorf("got %d characters of fallback text; want at most %d", n, maxFallbackText)
			}
			b, _ := json.Marshal(tt.msg.Blocks)
			var blocks []map[string]any
			_ = json.Unmarshal(b, &blocks)
			for i, bl := range blocks {
				if txt, ok := bl["text"].(map[string]any); ok {
					s, _ := txt["text"].(string)
					if n := utf8.RuneCountInString(s); n > maxSectionText {
						t.Errorf("block %d: got %d characters; want at most %d", i, n, maxSectionText)
					}
				}
				els, _ := bl["elements"].([]any)
				for _, e := range els {
					em, _ := e.(map[string]any)
					if v, ok := em["value"].(string); ok && len(v) > maxButtonValue {
						t.Errorf("block %d: button value of %d bytes; want at most %d", i, len(v), maxButtonValue)
					}
				}
			}
			if strings.Contains(string(b), `<!channel>`) || strings.Contains(tt.msg.Text, "<!channel>") {
				t.Errorf("unescaped <!channel> in the message")
			}
		})
	}
}

func TestBlocksTrimText(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"abcdefghij", 5, "abcd…"},
		{"ab &amp; cd", 6, "ab…"},       // never half an entity
		{"ab &amp; cd", 9, "ab &amp;…"}, // a whole entity stays
		{"€€€€€€", 3, "€€…"},
		{"x", 0, ""},
	}
	for _, tt := range tests {
		if got := trimText(tt.in, tt.limit); got != tt.want {
			t.Errorf("trimText(%q, %d) = %q; want %q", tt.in, tt.limit, got, tt.want)
		}
	}
}

func TestBlocksEscapeAndLinks(t *testing.T) {
	tests := []struct {
		name string
		c    bot.Citation
		want string
	}{
		{"linked", bot.Citation{Title: "A & B", URL: "https://x.example/a?b=1&c=2", Locator: "¶1", Source: "S"}, "<https://x.example/a?b=1&amp;c=2|A &amp; B> · ¶1 · S"},
		{"no url", bot.Citation{Title: "<@U1>", Source: "S"}, "*&lt;@U1&gt;* · S"},
		{"javascript url", bot.Citation{Title: "T", URL: "javascript:alert(1)"}, "*T*"},
		{"pipe in url", bot.Citation{Title: "T", URL: "https://x.example/a|b"}, "<https://x.example/a%7Cb|T>"},
		{"relative url", bot.Citation{Title: "T", URL: "/a/b"}, "*T*"},
		{"no title", bot.Citation{ArticleID: "id-1", Published: "2025-01-02"}, "*id-1* · 2025-01-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := citationLine(tt.c); got != tt.want {
				t.Errorf("citationLine = %q; want %q", got, tt.want)
			}
		})
	}
}

// A passage ID too long for a button (an outside JSONL id) must not make
// buttonValue loop forever once the question is shortened to nothing.
func TestBlocksButtonValueLongPassageID(t *testing.T) {
	done := make(chan string, 1)
	go func() {
		done <- buttonValue(feedbackValue{PassageID: strings.Repeat("x", maxButtonValue+10), Question: "how much?"})
	}()
	select {
	case v := <-done:
		if len(v) > maxButtonValue {
			t.Errorf("got a value of %d bytes; want at most %d", len(v), maxButtonValue)
		}
	case <-time.After(waitLimit):
		t.Fatal("buttonValue did not return")
	}
}
