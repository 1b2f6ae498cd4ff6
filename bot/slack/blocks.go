package bot

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
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
)

// Action IDs of the buttons the bot renders; interactions.go dispatches on
// them.
const (
	actionVoteUp   = "feedback_up"
	actionVoteDown = "feedback_down"
	actionShare    = "share_answer"
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
)

// escapeText makes article or user text safe to put into a Slack message:
// &, < and > become entities, so "<!channel>" or "<@U123>" in a document is
// shown as text and never pings anyone, and no link can be smuggled in.
func escapeText(s string) string {
	return mrkdwnEscaper.Replace(s)
}

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// trimText shortens already-escaped text to at most limit characters
// (runes), ending it with "…". It never cuts an entity such as "&amp;" in
// half.
func trimText(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	if limit < 1 {
		return ""
	}
	cut := 0
	for i := range s {
		if cut == limit-1 {
			cut = i
			break
		}
		cut++
	}
	out := s[:cut]
	if amp := strings.LastIndexByte(out, '&'); amp >= 0 && !strings.Contains(out[amp:], ";") {
		out = out[:amp]
	}
	return strings.TrimRight(out, " \n") + "…"
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
func citationLine(c Citation) string {
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

// safeURL returns raw escaped for use inside <…|…>, or "" when it is not
// an absolute http(s) URL.
// maxLinkURL is the longest URL the bot links; longer ones are left out so
// that trimming a section to Slack's limit never cuts a link's markup.
const maxLinkURL = 1000

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

func mrkdwn(text string) *slack.TextBlockObject {
	// verbatim: Slack must not turn URLs or channel names in article text into links.
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, true)
}

func section(text string) slack.Block {
	return slack.NewSectionBlock(mrkdwn(trimText(text, maxSectionText)), nil, nil)
}

func contextBlock(text string) slack.Block {
	return slack.NewContextBlock("", mrkdwn(trimText(text, maxContextText)))
}

// citationBlocks quotes the passage and cites it, prefixed by its [n]
// marker when n > 0.
func citationBlocks(c Citation, n int) []slack.Block {
	q := quote(escapeText(c.Text))
	if n > 0 {
		q = fmt.Sprintf("*[%d]*\n", n) + q
	}
	return []slack.Block{section(q), contextBlock(citationLine(c))}
}

// feedbackValue is what a 👍/👎 button carries back: the passage voted on
// and the question, so a click is recorded without server-side lookups.
type feedbackValue struct {
	PassageID string `json:"p"`
	Question  string `json:"q"`
}

// shareValue is what the "Share in channel" button carries back.
type shareValue struct {
	ID       string `json:"id"` // key of the answer in the bot's memory
	Question string `json:"q"`
}

// buttonValue encodes v as JSON that fits a button's value, shortening the
// question when needed. It returns "" when even an empty question does not
// fit (an outside article ID thousands of bytes long).
func buttonValue(v any) string {
	b, _ := json.Marshal(v)
	for len(b) > maxButtonValue {
		switch t := v.(type) {
		case feedbackValue:
			if t.Question == "" {
				return ""
			}
			t.Question = shorten(t.Question, len(t.Question)/2)
			v = t
		case shareValue:
			if t.Question == "" {
				return ""
			}
			t.Question = shorten(t.Question, len(t.Question)/2)
			v = t
		default:
			return ""
		}
		b, _ = json.Marshal(v)
	}
	return string(b)
}

// shorten cuts s to at most n bytes on a rune boundary.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// answerOptions choose the buttons under an answer.
type answerOptions struct {
	ShareID string // non-empty: add a "Share in channel" button carrying it
	Shared  string // user ID who shared the answer into the channel; adds an attribution line
}

// answerMessage renders a as Block Kit: the answer, the quoted passage(s)
// with their citation, and 👍/👎 buttons; plus the plain-text fallback.
// All article and user text is escaped; the result always fits Slack's
// limits.
func answerMessage(a Answer, opts answerOptions) Message {
	var body []slack.Block
	var fallback string
	if opts.Shared != "" {
		body = append(body, contextBlock(fmt.Sprintf("<@%s> asked: %s", opts.Shared, escapeText(a.Question))))
	}
	voted := ""
	switch {
	case a.Mode == NoAnswer || len(a.Citations) == 0:
		fallback = textNotFound
		body = append(body, section(textNotFound))
		related := a.Related
		if len(related) == 0 {
			related = a.Citations
		}
		if len(related) > 0 {
			body = append(body, contextBlock("The closest passages I found:"))
		}
		for _, c := range related[:min(len(related), maxShownRelated)] {
			body = append(body, citationBlocks(c, 0)...)
		}
		if len(related) > 0 {
			voted = related[0].PassageID
		}
	case a.Mode == LLM:
		model := a.Model
		if model == "" {
			model = "a language model"
		}
		fallback = escapeText(a.Answer)
		body = append(body,
			section(escapeText(a.Answer)),
			contextBlock(fmt.Sprintf("Summary by %s from the passages below", escapeText(model))))
		for i, c := range a.Citations[:min(len(a.Citations), maxShownCites)] {
			body = append(body, citationBlocks(c, i+1)...)
		}
		voted = a.Citations[0].PassageID
	default: // Extractive
		c := a.Citations[0]
		fallback = escapeText(a.Answer) + " — " + escapeText(c.Title)
		if c.Source != "" {
			fallback += " (" + escapeText(c.Source) + ")"
		}
		body = append(body, section(escapeText(a.Answer)))
		body = append(body, citationBlocks(c, 0)...)
		voted = c.PassageID
	}

	var tail []slack.Block
	var buttons []slack.BlockElement
	if v := buttonValue(feedbackValue{PassageID: voted, Question: a.Question}); voted != "" && v != "" {
		buttons = append(buttons,
			slack.NewButtonBlockElement(actionVoteUp, v, slack.NewTextBlockObject(slack.PlainTextType, "👍", true, false)),
			slack.NewButtonBlockElement(actionVoteDown, v, slack.NewTextBlockObject(slack.PlainTextType, "👎", true, false)))
	}
	if opts.ShareID != "" {
		v := buttonValue(shareValue{ID: opts.ShareID, Question: a.Question})
		buttons = append(buttons,
			slack.NewButtonBlockElement(actionShare, v, slack.NewTextBlockObject(slack.PlainTextType, "Share in channel", false, false)))
	}
	if len(buttons) > 0 {
		tail = append(tail, slack.NewActionBlock("answer_actions", buttons...))
	}
	return Message{Text: trimText(fallback, maxFallbackText), Blocks: fitBlocks(body, tail)}
}

// figuresMessage renders a figures lookup: each figure with its sentence
// quoted and cited.
func figuresMessage(fl FigureList) Message {
	if len(fl.Figures) == 0 {
		return textMessage(textFiguresEmpty)
	}
	topic := escapeText(fl.Topic)
	body := []slack.Block{section(fmt.Sprintf("*Key figures for “%s”*", topic))}
	var lines []string
	for _, f := range fl.Figures[:min(len(fl.Figures), maxShownFigures)] {
		head := "*" + escapeText(f.Text) + "*"
		var about []string
		if f.Qualifier != "" && !strings.Contains(strings.ToLower(f.Text), strings.ToLower(f.Qualifier)) {
			about = append(about, escapeText(f.Qualifier))
		}
		if f.Subject != "" {
			about = append(about, escapeText(f.Subject))
		}
		if f.Period != "" {
			about = append(about, "("+escapeText(f.Period)+")")
		}
		if len(about) > 0 {
			head += " — " + strings.Join(about, " ")
		}
		sentence := f.Sentence
		if sentence == "" {
			sentence = f.Citation.Text
		}
		body = append(body, section(head+"\n"+quote(escapeText(sentence))), contextBlock(citationLine(f.Citation)))
		lines = append(lines, escapeText(f.Text))
	}
	fallback := fmt.Sprintf("Key figures for “%s”: %s", topic, strings.Join(lines, ", "))
	return Message{Text: trimText(fallback, maxFallbackText), Blocks: fitBlocks(body, nil)}
}

// textMessage is a one-section message with a fixed or escaped text.
func textMessage(escaped string) Message {
	return Message{Text: trimText(escaped, maxFallbackText), Blocks: []slack.Block{section(escaped)}}
}

// fitBlocks joins body and tail within Slack's block limit, dropping body
// blocks from the end (and saying so) rather than failing to post.
func fitBlocks(body, tail []slack.Block) []slack.Block {
	room := maxBlocks - len(tail)
	if len(body) > room {
		body = append(body[:room-1:room-1], contextBlock("…more passages not shown."))
	}
	return append(body, tail...)
}

// helpText lists the commands.
const helpText = "*newsdesk* answers questions about the news articles, quoting and citing the passages it used.\n" +
	"• Mention me in a channel (`@newsdesk how much did allies give Ukraine in 2024?`) — I answer in a thread; reply in that thread to ask a follow-up.\n" +
	"• Send me a direct message with a question.\n" +
	"• `/ask QUESTION` — an answer only you see, with a button to share it.\n" +
	"• `/figures TOPIC` — key figures on a topic, with citations.\n" +
	"• `/newsdesk ask QUESTION`, `/newsdesk figures TOPIC`, `/newsdesk digest`, `/newsdesk help` — the same under one command."
