package llm

import "net/http"

// retryableStatus reports whether a response may succeed when asked again.
func retryableStatus(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}
