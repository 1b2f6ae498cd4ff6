// Package bolt is the bot's state (state.Store) in one bbolt file in the
// data folder, state.db: the durable queue of questions, the keys seen,
// threads, votes and named sections, each call one transaction synced to
// disk before it returns. It migrates the JSON state file of earlier
// versions once, and moves a damaged database aside rather than refusing
// to start.
//
//	st, err := bolt.Open(dataDir, bolt.Options{Logger: log})
//	if err != nil {
//		return err // errors.Is(err, bolt.ErrLocked): a running serve holds it
//	}
//	defer st.Close()
package bolt
