package llm

import "net/http"

// httpRecord keeps what go-openai does not return with its errors: the status
// and Retry-After header of the response to one request.
type httpRecord struct {
	status     int
	retryAfter string
}

type httpRecordKey struct{}

// recordingTransport fills the httpRecord found in the request's context.
type recordingTransport struct{ base http.RoundTripper }

// RoundTrip sends req through the base transport and records the response's
// status and Retry-After header.
func (t recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err == nil {
		if rec, ok := req.Context().Value(httpRecordKey{}).(*httpRecord); ok {
			rec.status = resp.StatusCode
			rec.retryAfter = resp.Header.Get("Retry-After")
		}
	}
	return resp, err
}
