// Package testkit holds the test doubles the bot's packages share: a fake
// clock, slack-go's slacktest server with recording handlers, real indexes
// over test articles, and golden-file comparison. Only tests import it.
//
//	clock := testkit.NewClock(time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC))
//	st, _ := state.OpenFile(t.TempDir(), clock.Now)
//	clock.Add(25 * time.Hour) // a day later: claims have expired
//
//	f := testkit.NewSlack(t)
//	c := slack.NewClient("xoxb-test", f.URL(), nil)
//	// … post with c, then f.WaitPost(t) or f.Posts()
package testkit
