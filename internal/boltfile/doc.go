// Package boltfile opens bbolt files the way newsdesk's stores want them:
// checked once at open, a damaged file moved aside and replaced by an
// empty one, a file held by another process reported at once, and bbolt's
// panics on a bad page turned into errors.
//
//	db, recovered, err := boltfile.Open(path, time.Second)
//	if err != nil {
//		return err // errors.Is(err, boltfile.ErrLocked): another process has it
//	}
//	if recovered != "" {
//		log.Warn(recovered)
//	}
package boltfile
