package slack

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	slackgo "github.com/slack-go/slack"

	"newsdesk/bot"
)

// Action IDs of the buttons the bot renders; interactions.go dispatches on
// them.
const (
	actionVoteUp   = "feedback_up"
	actionVoteDown = "feedback_down"
	actionShare    = "share_answer"
)

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
			t.Question = cutBytes(t.Question, len(t.Question)/2)
			v = t
		case shareValue:
			if t.Question == "" {
				return ""
			}
			t.Question = cutBytes(t.Question, len(t.Question)/2)
			v = t
		default:
			return ""
		}
		b, _ = json.Marshal(v)
	}
	return string(b)
}

// cutBytes cuts s to at most n bytes on a rune boundary. A button value's
// limit counts bytes of JSON, so this is not corpus.Truncate.
func cutBytes(s string, n int) string {
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
func answerMessage(a bot.Answer, opts answerOptions) Message {
	var body []slackgo.Block
	var fallback string
	if opts.Shared != "" {
		body = append(body, contextBlock(fmt.Sprintf("<@%s> asked: %s", opts.Shared, escapeText(a.Question))))
	}
	voted := ""
	switch {
	case a.Mode == bot.NoAnswer || len(a.Citations) == 0:
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
	case a.Mode == bot.LLM:
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
		if marked, ok := markAnswer(escapeText(c.Text), escapeText(a.Answer)); ok {
			// The answer is shown where it stands in the passage, in bold,
			// rather than once above it and again inside it.
			body = append(body, section(quote(marked)), contextBlock(citationLine(c)))
		} else {
			body = append(body, section(escapeText(a.Answer)))
			body = append(body, citationBlocks(c, 0)...)
		}
		voted = c.PassageID
	}

	return Message{Text: trimText(fallback, maxFallbackText), Blocks: fitBlocks(body, answerActions(a, voted, opts))}
}

// answerActions is the row of buttons under an answer: 👍/👎 on the passage
// voted (none when it is ""), and "Share in channel" when opts asks for it.
func answerActions(a bot.Answer, voted string, opts answerOptions) []slackgo.Block {
	var buttons []slackgo.BlockElement
	if v := buttonValue(feedbackValue{PassageID: voted, Question: a.Question}); voted != "" && v != "" {
		buttons = append(buttons,
			slackgo.NewButtonBlockElement(actionVoteUp, v, slackgo.NewTextBlockObject(slackgo.PlainTextType, "👍", true, false)),
			slackgo.NewButtonBlockElement(actionVoteDown, v, slackgo.NewTextBlockObject(slackgo.PlainTextType, "👎", true, false)))
	}
	if opts.ShareID != "" {
		v := buttonValue(shareValue{ID: opts.ShareID, Question: a.Question})
		buttons = append(buttons,
			slackgo.NewButtonBlockElement(actionShare, v, slackgo.NewTextBlockObject(slackgo.PlainTextType, "Share in channel", false, false)))
	}
	if len(buttons) == 0 {
		return nil
	}
	return []slackgo.Block{slackgo.NewActionBlock("answer_actions", buttons...)}
}

// markAnswer returns passage with each part of answer (parts are joined by
// " … ") in bold where it stands, line by line, as mrkdwn bold does not
// cross a line break. ok is false when a part is not in the passage.
func markAnswer(passage, answer string) (string, bool) {
	out := passage
	for _, part := range strings.Split(answer, " … ") {
		part = strings.TrimSpace(part)
		i := strings.Index(out, part)
		if part == "" || i < 0 {
			return "", false
		}
		var lines []string
		for _, line := range strings.Split(part, "\n") {
			if t := strings.TrimSpace(line); t != "" {
				line = strings.Replace(line, t, "*"+t+"*", 1)
			}
			lines = append(lines, line)
		}
		out = out[:i] + strings.Join(lines, "\n") + out[i+len(part):]
	}
	return out, true
}
