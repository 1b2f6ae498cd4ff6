package state

import (
	"context"
	"time"
)

// Store is the bot's durable memory: which Slack events and messages it has
// already handled, which threads it answered, the feedback it got, and
// named sections other features (the daily digest) keep their own progress
// in. Every method that writes has the change durable before it returns.
// Implementations are safe for concurrent use; ctx bounds any I/O they do.
// *File implements it.
type Store interface {
	// Claim records that the event eventID about message (channel, ts) is
	// being handled. It reports false when either was seen in the last
	// day: a Slack retry, a second delivery, or the same message arriving
	// as both app_mention and message. Empty IDs are not checked.
	Claim(ctx context.Context, eventID, channel, ts string) (bool, error)

	// RememberThread records that the bot answered in thread (channel,
	// threadTS), started by question. An existing thread keeps its first
	// question.
	RememberThread(ctx context.Context, channel, threadTS, question string) error

	// Thread returns the thread (channel, threadTS) when the bot answered
	// in it recently; ok is false otherwise.
	Thread(ctx context.Context, channel, threadTS string) (t Thread, ok bool, err error)

	// RecordVote stores a feedback click and returns the running totals.
	RecordVote(ctx context.Context, v Vote) (up, down int, err error)

	// Votes returns the recorded feedback, oldest first.
	Votes(ctx context.Context) ([]Vote, error)

	// Load decodes the named section stored with Save into v. It reports
	// false when the section does not exist.
	Load(ctx context.Context, section string, v any) (bool, error)

	// Save stores v, JSON-encoded, as the named section.
	Save(ctx context.Context, section string, v any) error
}

// Vote is one click on a 👍 or 👎 button under an answer.
type Vote struct {
	Question  string    `json:"question"`
	PassageID string    `json:"passage_id"`
	Up        bool      `json:"up"`
	User      string    `json:"user"`
	At        time.Time `json:"at"`
}

// Thread is a thread the bot has answered in, with the question that
// started it.
type Thread struct {
	Question string    `json:"question"`
	At       time.Time `json:"at"`
}
