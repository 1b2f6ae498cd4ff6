// Package testkit holds the test doubles newsdesk's tests share: a fake
// clock, slack-go's slacktest server with recording handlers that behaves
// like Slack under load and faults (per-channel rate limits, 429, 500,
// invalid_auth, slowness), real indexes over test articles, and golden-file
// comparison. Only tests import it.
//
//	clock := testkit.NewClock(time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC))
//	st, _ := bolt.Open(t.TempDir(), bolt.Options{Now: clock.Now}) // newsdesk/bot/state/bolt
//	clock.Add(25 * time.Hour) // a day later: claims have expired
//
//	f := testkit.NewSlack(t)
//	c := slack.NewClient("xoxb-test", f.URL(), nil)
//	f.LimitChannels(time.Second, 3)                   // Slack's per-channel limit
//	f.FailNext("chat.postMessage", testkit.Fail500Posted) // posted, but answered 500
//	// … post with c, then f.WaitPost(t) or f.Posts()
package testkit
