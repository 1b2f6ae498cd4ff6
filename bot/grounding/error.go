package grounding

import "errors"

// MaxSummaryLen is the longest summary shown, in characters. A streamed
// answer is cut off as soon as it passes this length.
const MaxSummaryLen = 800

// ErrUngrounded reports that a model's answer failed a check; every *Error
// matches it. bot.ErrUngrounded is the same value.
var ErrUngrounded = errors.New("summary not grounded")

// The checks an Error names.
const (
	CheckPassages = "no-passages"        // nothing to summarize
	CheckEmpty    = "empty"              // no words in the answer
	CheckRefusal  = "refusal"            // the model said it cannot answer
	CheckLength   = "too-long"           // longer than MaxSummaryLen
	CheckMarker   = "no-marker"          // no [n] marker at all
	CheckPassage  = "unknown-marker"     // a marker names a passage that was not given
	CheckUncited  = "uncited-text"       // text after the last marker, backed by no passage
	CheckNumber   = "unsupported-number" // a number not found in the passages it cites
)

// checkReasons are the user-safe sentences Reason returns.
var checkReasons = map[string]string{
	CheckPassages: "there were no passages to summarize",
	CheckEmpty:    "the model's answer was empty",
	CheckRefusal:  "the model declined to answer",
	CheckLength:   "the model's answer was too long",
	CheckMarker:   "the model's answer cited no passage",
	CheckPassage:  "the model cited a passage it was not given",
	CheckUncited:  "part of the model's answer cited no passage",
	CheckNumber:   "a number in the model's answer is not in the passages it cites",
}

// Error says which check a model's answer failed. Detail quotes the
// offending part of the answer for the operator's log; it is not for users.
type Error struct {
	Check  string // one of the Check… constants
	Detail string
}

// Error returns "summary not grounded: <check>[: <detail>]".
func (e *Error) Error() string {
	if e.Detail == "" {
		return "summary not grounded: " + e.Check
	}
	return "summary not grounded: " + e.Check + ": " + e.Detail
}

// Is makes every Error match ErrUngrounded.
func (e *Error) Is(target error) bool { return target == ErrUngrounded }

// Reason returns a short, fixed sentence saying why the summary was dropped,
// fit for users: it never quotes the model.
func (e *Error) Reason() string {
	if r, ok := checkReasons[e.Check]; ok {
		return r
	}
	return "the model's answer failed a check"
}
