package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxSignatureAge is how far a request's timestamp may be from now before
// it is refused as a possible replay.
const maxSignatureAge = 5 * time.Minute

// Signature verification failures.
var (
	errNoSignature  = errors.New("missing signature headers")
	errStaleRequest = errors.New("request timestamp too far from now")
	errBadSignature = errors.New("signature does not match")
)

// verifySignature checks Slack's v0 request signature: hex HMAC-SHA256 of
// "v0:timestamp:body" keyed with the signing secret, and a timestamp within
// five minutes of now. It runs over the raw body before anything is parsed.
func verifySignature(h http.Header, body []byte, secret string, now time.Time) error {
	tsText := h.Get("X-Slack-Request-Timestamp")
	sig := h.Get("X-Slack-Signature")
	if tsText == "" || sig == "" || secret == "" {
		return errNoSignature
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return errNoSignature
	}
	if age := now.Sub(time.Unix(ts, 0)); age > maxSignatureAge || age < -maxSignatureAge {
		return errStaleRequest
	}
	got, ok := strings.CutPrefix(sig, "v0=")
	if !ok {
		return errBadSignature
	}
	gotMAC, err := hex.DecodeString(got)
	if err != nil {
		return errBadSignature
	}
	if !hmac.Equal(gotMAC, signature(secret, tsText, body)) {
		return errBadSignature
	}
	return nil
}

// signature is the v0 HMAC of a request.
func signature(secret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	return m.Sum(nil)
}
