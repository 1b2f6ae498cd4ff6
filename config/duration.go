package config

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrDuration is matched by ParseDuration's errors.
var ErrDuration = errors.New("not a positive duration")

// maxDays keeps a count of days within time.Duration's range (about 292
// years).
const maxDays = 36500

// ParseDuration parses a positive duration written as Go writes one (90m,
// 24h, 1h30m) or as a whole number of days (1d, 7d), which Go's
// time.ParseDuration does not take. Zero, negative and malformed values
// return an error matching ErrDuration whose text says what to write
// instead; it does not repeat s, for the caller to quote it once.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || strings.HasPrefix(days, "+") {
			return 0, durationError("use whole days (7d) or hours (36h)")
		}
		switch {
		case n <= 0:
			return 0, durationError("use a number of days above zero, e.g. 1d or 7d")
		case n > maxDays:
			return 0, durationError("use at most 36500 days")
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, durationError("use hours or days, e.g. 24h or 7d (units: s, m, h, d)")
	case d <= 0:
		return 0, durationError("use a duration above zero, e.g. 24h or 7d")
	}
	return d, nil
}

// durationError is ErrDuration with advice.
func durationError(advice string) error {
	return &adviceError{err: ErrDuration, advice: advice}
}

type adviceError struct {
	err    error
	advice string
}

func (e *adviceError) Error() string { return e.err.Error() + "; " + e.advice }
func (e *adviceError) Unwrap() error { return e.err }
