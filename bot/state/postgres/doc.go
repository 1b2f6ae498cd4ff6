// Package postgres is the bot's state (state.Store) in PostgreSQL, shared
// by every replica of `serve` that points at the same database
// (NEWSDESK_STATE_URL): the queue of questions, with leases that hand a
// dead replica's work to another; the keys seen, threads, votes and named
// sections; named leases (the daily digest); and state.Pacer, Slack's rate
// limits booked between the replicas. Open creates the tables and
// migrates them, one replica after another.
//
//	st, err := postgres.Open(ctx, "postgres://newsdesk@db:5432/newsdesk", postgres.Options{Logger: log})
//	if err != nil {
//		return err
//	}
//	defer st.Close()
package postgres
