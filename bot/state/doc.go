// Package state is the bot's durable memory: the Slack events it has
// handled, the threads it answered, the feedback it got, and named sections
// other features keep their progress in. Callers depend on the Store
// interface; File, one JSON file in the data folder, is today's
// implementation (a database-backed Store can sit beside it).
//
//	st, err := state.OpenFile(dataDir, nil) // nil: time.Now
//	if err != nil {
//		return err
//	}
//	fresh, err := st.Claim(ctx, eventID, channel, ts)
//	if !fresh {
//		return nil // a Slack retry: already handled
//	}
package state
