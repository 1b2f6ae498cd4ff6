package digest

import (
	"context"
	"errors"
	"time"
)

// Publisher is where the digest goes: a chat channel. The Slack adapter
// (slack.DigestPublisher) implements it.
type Publisher interface {
	// Publish posts d in channel and returns the new message's ID (Slack's
	// ts). The message carries Tag(d.Date) so that Find can recognise it.
	// An error that matches ErrRefused means the channel answered and
	// surely did not post.
	Publish(ctx context.Context, channel string, d Digest) (string, error)

	// Find looks in channel, among messages since since, for the
	// publisher's own digest of date (YYYY-MM-DD), recognised by
	// Tag(date), and returns its ID. found is false when it is not there.
	Find(ctx context.Context, channel, date string, since time.Time) (id string, found bool, err error)
}

// ErrRefused is matched by Publish errors for which the channel answered
// and did not post (Slack's ok:false), so there is nothing to look for
// next time.
var ErrRefused = errors.New("digest post refused")

// Tag is the text a posted digest carries so that its publisher can find
// it again in the channel: "newsdesk digest 2025-03-04".
func Tag(date string) string { return "newsdesk digest " + date }
