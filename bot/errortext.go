package bot

import (
	"errors"

	"newsdesk/index"
)

// RebuildingText is what a user is told when the index cannot answer for
// now: it was found damaged and is being checked or rebuilt from the
// corpus.
const RebuildingText = "I'm rebuilding the index, ask again in a minute."

// ErrorText returns the fixed sentence a user is shown instead of an answer
// when Ask, a figures lookup or a digest failed with err: RebuildingText
// while the index is being checked or rebuilt (err matches
// index.ErrRebuilding or index.ErrDamaged), and apology for any other
// failure. The error itself is for the log, never for the user.
func ErrorText(err error, apology string) string {
	if errors.Is(err, index.ErrRebuilding) || errors.Is(err, index.ErrDamaged) {
		return RebuildingText
	}
	return apology
}
