package slack

import (
	"fmt"
	"strings"
	"unicode/utf8"

	slackgo "github.com/slack-go/slack"

	"newsdesk/bot/digest"
)

// digestMessage renders d for Slack within its limits: the first articles
// in full, the rest by title only, and a footer carrying the digest's Tag,
// by which DigestPublisher finds it again.
// All article text is escaped.
func digestMessage(d digest.Digest) Message {
	tag := digest.Tag(d.Date)
	blocks := []slackgo.Block{section("*Daily digest — " + escapeText(d.Date) + "*\n" + d.Headline())}
	if d.Overview != "" {
		model := d.OverviewModel
		if model == "" {
			model = "a language model"
		}
		blocks = append(blocks, section(escapeText(d.Overview)),
			contextBlock("Overview by "+escapeText(model)+"; [n] is the numbered article below"))
	}
	full := d.Articles[:min(len(d.Articles), maxFullArticles)]
	for i, a := range full {
		blocks = append(blocks, section(articleText(i+1, a)))
	}

	blocks, listed := titleSections(blocks, d.Articles[len(full):], len(full))
	shown := len(full) + listed

	footer := tag
	if hidden := len(d.Articles) - shown + d.More; hidden > 0 {
		footer += " · " + plural(hidden, "more article", "more articles") + " not shown"
	}
	blocks = append(blocks, contextBlock(footer))

	var titles []string
	for _, a := range d.Articles {
		titles = append(titles, escapeText(a.Title))
	}
	text := tag + ": " + d.Headline()
	if len(titles) > 0 {
		text += " — " + strings.Join(titles, "; ")
	}
	return Message{Text: trimText(text, maxFallbackText), Blocks: blocks}
}

// titleSections appends rest, numbered from after, by linked title only in
// sections of up to maxSectionText characters, as many as fit Slack's block
// limit with room for the footer. It returns the blocks and how many
// articles it listed.
func titleSections(blocks []slackgo.Block, rest []digest.Article, after int) ([]slackgo.Block, int) {
	shown := 0
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			blocks = append(blocks, section(cur.String()))
			cur.Reset()
		}
	}
	for i, a := range rest {
		line := fmt.Sprintf("%d. %s", after+i+1, titleLink(a.Title, a.URL))
		if a.Published != "" {
			line += " · " + a.Published
		}
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(line) > maxSectionText {
			flush()
		}
		if cur.Len() == 0 {
			if len(blocks) > maxBlocks-2 { // this section and the footer must fit
				break
			}
			if i == 0 {
				cur.WriteString("*Also new:*")
			}
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(line)
		shown++
	}
	flush()
	return blocks, shown
}

// articleText is one article in full: numbered linked title, date, extract
// and key figures, escaped, within a section's limit.
func articleText(n int, a digest.Article) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d. %s*", n, titleLink(a.Title, a.URL))
	var meta []string
	if a.Published != "" {
		meta = append(meta, "published "+a.Published)
	}
	if a.Status == "updated" {
		meta = append(meta, "updated")
	}
	if len(meta) > 0 {
		b.WriteString("\n" + strings.Join(meta, " · "))
	}
	switch a.ExtractKind {
	case "highlights":
		for _, h := range a.Extract {
			b.WriteString("\n• " + escapeText(h))
		}
	default:
		if len(a.Extract) > 0 {
			b.WriteString("\n" + quote(escapeText(strings.Join(a.Extract, " "))))
		}
	}
	if len(a.Figures) > 0 {
		var fs []string
		for _, f := range a.Figures {
			fs = append(fs, "*"+escapeText(f.Text)+"*")
		}
		b.WriteString("\nKey figures: " + strings.Join(fs, " · "))
	}
	return trimText(b.String(), maxSectionText)
}

// titleLink is the escaped title, linked when the article has an http(s) URL.
func titleLink(title, rawURL string) string {
	t := trimText(escapeText(title), 300)
	if u := safeURL(rawURL); u != "" {
		return "<" + u + "|" + t + ">"
	}
	return t
}

// plural is "1 article" or "n articles".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
