package slack

import slackgo "github.com/slack-go/slack"

// Message is what the bot posts: Block Kit blocks plus the plain-text
// fallback Slack shows in notifications and old clients. Both are already
// escaped (see blocks.go).
type Message struct {
	Text   string
	Blocks []slackgo.Block
}

// Reply is a message sent to a slash command's or a button's response_url.
type Reply struct {
	Message
	InChannel      bool // visible to the channel; otherwise only to the user (ephemeral)
	DeleteOriginal bool // delete the message the button was on
}
