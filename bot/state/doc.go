// Package state is the bot's durable memory: the queue of Slack questions
// it has acknowledged and not yet answered, the events and requests it has
// already seen, the threads it answered, the feedback it got, and named
// sections other features keep their progress in. Callers depend on the
// Store interface; bot/state/bolt is the embedded implementation, and
// bot/state/statetest the suite every implementation passes.
//
//	fresh, err := st.Enqueue(ctx, state.Job{ID: eventID, Keys: []string{eventID, state.MessageKey(ch, ts)}, Channel: ch, Data: data})
//	if err != nil {
//		return err // not recorded: do not acknowledge, Slack delivers it again
//	}
//	// … and a worker:
//	j, ok, err := st.Take(ctx, lease, nil)
//	if ok {
//		answer(j)
//		err = st.Finish(ctx, j.ID)
//	}
package state
