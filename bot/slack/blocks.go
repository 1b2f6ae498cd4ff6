package slack

import (
	"fmt"
	"net/url"
	"strings"

	slackgo "github.com/slack-go/slack"

	"newsdesk/bot"
	"newsdesk/corpus"
)

// Slack's Block Kit limits, and the bot's own caps on how much one answer
// shows.
const (
	maxSectionText  = 3000 // characters in a section's text
	maxContextText  = 2000 // characters in a context element (Slack allows 3000; titles never need it)
	maxBlocks       = 50   // blocks in one message
	maxFallbackText = 3000 // the plain-text fallback; Slack truncates at 40,000 but notifications need far less
	maxButtonValue  = 2000 // characters in a button's value
	maxShownCites   = 5    // passages quoted under an answer
	maxShownRelated = 3    // closest passages under "couldn't find"
	maxShownFigures = 12   // figures in a /figures reply
	maxFullArticles = 10   // articles a digest shows in full; the rest by title only
	maxLogQuestion  = 200  // characters of a question or topic in a log line
)

// Fixed sentences the user sees.
const (
	textNotFound     = "I couldn't find this in the articles."
	textBusy         = "I'm answering a lot of questions right now — please ask again in a minute."
	textApology      = "Sorry, something went wrong while answering. Please try again in a moment."
	textNoQuestion   = "Ask me a question about the articles, e.g. “How much money did allies give Ukraine in 2024?”"
	textNoFigures    = "Key figures are not available yet."
	textNoDigest     = "The digest is not available yet."
	textFiguresEmpty = "I couldn't find key figures for this in the articles."
	textThanks       = "Thanks for the feedback!"
	textQueued       = "I'm answering a lot of questions right now; yours is queued and the answer will appear in this thread."
	textLate         = "Sorry for the delay: Slack was not taking my messages for a while. Here is the answer."
)

// escapeText makes article or user text safe to put into a Slack message:
// &, < and > become entities, so "<!channel>" or "<@U123>" in a document is
// shown as text and never pings anyone, and no link can be smuggled in.
func escapeText(s string) string {
	return mrkdwnEscaper.Replace(s)
}

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// trimText shortens already-escaped text to at most limit characters
// (runes) as corpus.Truncate does, but never cuts an entity such as "&amp;"
// in half: Slack would show the broken half.
func trimText(s string, limit int) string {
	out := corpus.Truncate(s, limit)
	if out == s || out == "" {
		return out
	}
	out = strings.TrimSuffix(out, "…")
	if amp := strings.LastIndexByte(out, '&'); amp >= 0 && !strings.Contains(out[amp:], ";") {
		out = strings.TrimRight(out[:amp], " \n")
	}
	return out + "…"
}

// quote renders escaped text as a Slack block quote.
func quote(escaped string) string {
	lines := strings.Split(strings.TrimSpace(escaped), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}

// citationLine is "title · locator · source" with the title linked when the
// article has an http(s) URL. The link is built here and only here.
func citationLine(c bot.Citation) string {
	title := c.Title
	if title == "" {
		title = c.ArticleID
	}
	title = trimText(escapeText(title), 300)
	if u := safeURL(c.URL); u != "" {
		title = "<" + u + "|" + title + ">"
	} else {
		title = "*" + title + "*"
	}
	parts := []string{title}
	if c.Locator != "" {
		parts = append(parts, trimText(escapeText(c.Locator), 200))
	}
	if c.Source != "" {
		parts = append(parts, trimText(escapeText(c.Source), 200))
	}
	if c.Published != "" {
		parts = append(parts, escapeText(c.Published))
	}
	return trimText(strings.Join(parts, " · "), maxContextText)
}

// maxLinkURL is the longest URL the bot links; longer ones are left out so
// that trimming a section to Slack's limit never cuts a link's markup.
const maxLinkURL = 1000

// safeURL returns raw escaped for use inside <…|…>, or "" when it is not
// an absolute http(s) URL.
func safeURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	s := u.String()
	if strings.ContainsAny(s, " \n") || len(s) > maxLinkURL {
		return "" // a link Slack's length limits could cut in half is no link
	}
	return strings.ReplaceAll(escapeText(s), "|", "%7C")
}

// mrkdwn is a text object of already-escaped mrkdwn.
func mrkdwn(text string) *slackgo.TextBlockObject {
	// verbatim: Slack must not turn URLs or channel names in article text into links.
	return slackgo.NewTextBlockObject(slackgo.MarkdownType, text, false, true)
}

// section is a section block, its text trimmed to Slack's limit.
func section(text string) slackgo.Block {
	return slackgo.NewSectionBlock(mrkdwn(trimText(text, maxSectionText)), nil, nil)
}

// contextBlock is a context block, its text trimmed to the limit.
func contextBlock(text string) slackgo.Block {
	return slackgo.NewContextBlock("", mrkdwn(trimText(text, maxContextText)))
}

// citationBlocks quotes the passage and cites it, prefixed by its [n]
// marker when n > 0.
func citationBlocks(c bot.Citation, n int) []slackgo.Block {
	q := quote(escapeText(c.Text))
	if n > 0 {
		q = fmt.Sprintf("*[%d]*\n", n) + q
	}
	return []slackgo.Block{section(q), contextBlock(citationLine(c))}
}

// textMessage is a one-section message with a fixed or escaped text.
func textMessage(escaped string) Message {
	return Message{Text: trimText(escaped, maxFallbackText), Blocks: []slackgo.Block{section(escaped)}}
}

// fitBlocks joins body and tail within Slack's block limit, dropping body
// blocks from the end (and saying so) rather than failing to post.
func fitBlocks(body, tail []slackgo.Block) []slackgo.Block {
	room := maxBlocks - len(tail)
	if len(body) > room {
		body = append(body[:room-1:room-1], contextBlock("…more passages not shown."))
	}
	return append(body, tail...)
}
