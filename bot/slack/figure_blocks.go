package slack

import (
	"fmt"
	"strings"

	slackgo "github.com/slack-go/slack"

	"newsdesk/bot"
)

// figuresMessage renders a figures lookup: each figure with its sentence
// quoted and cited.
func figuresMessage(fl bot.FigureList) Message {
	if len(fl.Figures) == 0 {
		return textMessage(textFiguresEmpty)
	}
	topic := escapeText(fl.Topic)
	body := []slackgo.Block{section(fmt.Sprintf("*Key figures for “%s”*", topic))}
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
