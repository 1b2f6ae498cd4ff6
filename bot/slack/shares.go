package slack

import (
	"crypto/rand"
	"encoding/hex"
	"sync"

	"newsdesk/bot"
)

// answerCache keeps the answers shown by /ask for a while, so "Share in
// channel" posts exactly what the asker saw. It is bounded; an answer that
// fell out (or a restart) is asked again.
type answerCache struct {
	mu    sync.Mutex
	limit int
	order []string
	byID  map[string]bot.Answer

	sharedOrder []string
	shared      map[string]bool // answers already shared in the channel
}

// newAnswerCache remembers the last limit answers and shares.
func newAnswerCache(limit int) *answerCache {
	return &answerCache{limit: limit, byID: map[string]bot.Answer{}, shared: map[string]bool{}}
}

// markShared records that the answer id is being shared and reports false
// when it already was, so a double click posts it once. It remembers the
// last limit ids.
func (c *answerCache) markShared(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.shared[id] {
		return false
	}
	c.shared[id] = true
	c.sharedOrder = append(c.sharedOrder, id)
	for len(c.sharedOrder) > c.limit {
		delete(c.shared, c.sharedOrder[0])
		c.sharedOrder = c.sharedOrder[1:]
	}
	return true
}

// unmarkShared forgets a share that failed, so the user can click again.
func (c *answerCache) unmarkShared(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.shared, id)
}

// put remembers a as the answer id, dropping the oldest beyond the limit.
func (c *answerCache) put(id string, a bot.Answer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byID[id]; !ok {
		c.order = append(c.order, id)
	}
	c.byID[id] = a
	for len(c.order) > c.limit {
		delete(c.byID, c.order[0])
		c.order = c.order[1:]
	}
}

// get returns the answer id when it is still remembered.
func (c *answerCache) get(id string) (bot.Answer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.byID[id]
	return a, ok
}

// newShareID is a random key for an answer shown by /ask.
func newShareID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
