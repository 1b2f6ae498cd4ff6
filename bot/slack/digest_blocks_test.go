package slack

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	slackgo "github.com/slack-go/slack"

	"newsdesk/bot/digest"
)

// blockText joins the text of every section and context block.
func blockText(m Message) string {
	var b strings.Builder
	for _, bl := range m.Blocks {
		switch bl := bl.(type) {
		case *slackgo.SectionBlock:
			b.WriteString(bl.Text.Text + "\n")
		case *slackgo.ContextBlock:
			for _, e := range bl.ContextElements.Elements {
				if t, ok := e.(*slackgo.TextBlockObject); ok {
					b.WriteString(t.Text + "\n")
				}
			}
		}
	}
	return b.String()
}

func TestDigestMessageEscapes(t *testing.T) {
	d := digest.Digest{Date: "2025-03-03", Articles: []digest.Article{{
		ID: "x", Title: "<!channel> & friends", URL: "javascript:alert(1)", ExtractKind: "lede",
		Extract: []string{"Hello <@U123>."}, Figures: []digest.Figure{{Text: "<3 million>"}},
	}}}
	m := digestMessage(d)
	text := blockText(m) + m.Text
	for _, bad := range []string{"<!channel>", "<@U123>", "javascript:", "<3"} {
		if strings.Contains(text, bad) {
			t.Errorf("message contains %q unescaped:\n%s", bad, text)
		}
	}
	if !strings.Contains(text, "&lt;!channel&gt; &amp; friends") {
		t.Errorf("escaped title missing:\n%s", text)
	}
}

func TestDigestMessageTagAndOverview(t *testing.T) {
	tests := []struct {
		name     string
		overview string
	}{
		{name: "with an overview", overview: "Ukraine may set aside its NATO bid [1]."},
		{name: "without"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := digest.Digest{Date: "2025-03-03", First: true, Overview: tt.overview, OverviewModel: "stub",
				Articles: []digest.Article{{ID: "a", Title: "Rail strike ends", ExtractKind: "lede", Extract: []string{"It ended."}}}}
			m := digestMessage(d)
			if !strings.Contains(m.Text, digest.Tag(d.Date)) || !strings.Contains(blockText(m), digest.Tag(d.Date)) {
				t.Errorf("message %q has no tag %q", m.Text, digest.Tag(d.Date))
			}
			if got, want := strings.Contains(blockText(m), "Overview by stub"), tt.overview != ""; got != want {
				t.Errorf("message shows overview = %v; want %v", got, want)
			}
		})
	}
}

// Sixty long articles fit one message within Slack's limits, every title
// shown.
func TestDigestMessageManyArticles(t *testing.T) {
	d := digest.Digest{Date: "2025-03-03", Since: time.Date(2025, 3, 2, 8, 0, 0, 0, time.UTC)}
	var titles []string
	for i := range 60 {
		title := fmt.Sprintf("Article number %02d about <@U999> & the council %s", i, strings.Repeat("x", 150))
		titles = append(titles, escapeText(title))
		d.Articles = append(d.Articles, digest.Article{ID: fmt.Sprintf("n%02d", i), Title: title, URL: "https://example.com/" + fmt.Sprint(i),
			ExtractKind: "lede", Extract: []string{title + " happened. Officials said 12 schools were closed."}})
	}
	m := digestMessage(d)
	if n := len(m.Blocks); n > maxBlocks {
		t.Errorf("blocks = %d; want at most %d", n, maxBlocks)
	}
	if n := utf8.RuneCountInString(m.Text); n > maxFallbackText {
		t.Errorf("fallback text = %d characters; want at most %d", n, maxFallbackText)
	}
	for _, b := range m.Blocks {
		if s, ok := b.(*slackgo.SectionBlock); ok {
			if n := utf8.RuneCountInString(s.Text.Text); n > maxSectionText {
				t.Errorf("section of %d characters; want at most %d", n, maxSectionText)
			}
		}
	}
	text := blockText(m)
	for _, title := range titles {
		if !strings.Contains(text, title) {
			t.Errorf("title %q not in the digest", title[:40])
		}
	}
	if strings.Contains(text, "<@U999>") {
		t.Error("digest has an unescaped mention")
	}
	if !strings.Contains(text, digest.Tag("2025-03-03")) {
		t.Error("digest has no tag")
	}
}
