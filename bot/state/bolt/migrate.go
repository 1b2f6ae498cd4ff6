package bolt

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	bbolt "go.etcd.io/bbolt"

	"newsdesk/bot/state"
)

// migrate imports the legacy JSON state file of dir once, in one
// transaction, then renames the file. A damaged legacy file is renamed and
// skipped: only the memory of handled events is lost.
func (s *Store) migrate(dir string, log *slog.Logger) error {
	done := false
	if err := s.db.View(func(tx *bbolt.Tx) error {
		done = tx.Bucket(bMeta).Get(mMigrated) != nil
		return nil
	}); err != nil || done {
		return err
	}
	l, found, err := state.ReadLegacy(dir)
	switch {
	case errors.Is(err, state.ErrDamagedLegacy):
		aside, rerr := state.RetireLegacy(dir, "corrupt", s.now())
		if rerr != nil {
			return fmt.Errorf("move damaged %s aside: %w", state.LegacyFileName, rerr)
		}
		log.Warn("the old state file is damaged; moved it aside and started without it", "file", aside, "err", err)
		found = false
	case err != nil:
		return fmt.Errorf("migrate %s: %w", state.LegacyFileName, err)
	}
	if err := s.db.Update(func(tx *bbolt.Tx) error {
		if found {
			if err := s.importLegacy(tx, l); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put(mMigrated, encodeTime(s.now()))
	}); err != nil {
		return fmt.Errorf("migrate %s: %w", state.LegacyFileName, err)
	}
	if !found {
		return nil
	}
	aside, err := state.RetireLegacy(dir, "migrated", s.now())
	if err != nil {
		return err
	}
	log.Info("migrated the old state file into the state database", "file", aside,
		"events", len(l.Events)+len(l.Messages), "threads", len(l.Threads), "votes", len(l.Votes), "sections", len(l.Extra))
	return nil
}

// importLegacy writes what l holds that has not expired.
func (s *Store) importLegacy(tx *bbolt.Tx, l state.Legacy) error {
	now := s.now()
	for _, m := range []map[string]time.Time{l.Events, l.Messages} {
		for k, at := range m {
			if now.Sub(at) >= state.SeenTTL {
				continue
			}
			if err := remember(tx, []string{k}, at); err != nil {
				return err
			}
		}
	}
	for k, t := range l.Threads {
		if now.Sub(t.At) >= state.ThreadTTL {
			continue
		}
		t.Question = state.CutQuestion(t.Question)
		v, err := json.Marshal(t)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bThreads).Put([]byte(k), v); err != nil {
			return err
		}
		if err := tx.Bucket(bThreadsAt).Put(timeKey(t.At, []byte(k)), nil); err != nil {
			return err
		}
		if err := add(tx, mThreads, 1); err != nil {
			return err
		}
	}
	for _, v := range l.Votes {
		key := []byte(v.User + "\x00" + v.Question + "\x00" + v.PassageID)
		if old := tx.Bucket(bVotes).Get(key); old != nil {
			var o state.Vote
			if json.Unmarshal(old, &o) == nil {
				_ = tx.Bucket(bVotesAt).Delete(timeKey(o.At, key))
			}
		} else if err := add(tx, mVotes, 1); err != nil {
			return err
		}
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bVotes).Put(key, b); err != nil {
			return err
		}
		if err := tx.Bucket(bVotesAt).Put(timeKey(v.At, key), nil); err != nil {
			return err
		}
	}
	if err := setCount(tx, mUp, l.Up); err != nil {
		return err
	}
	if err := setCount(tx, mDown, l.Down); err != nil {
		return err
	}
	for name, raw := range l.Extra {
		if err := tx.Bucket(bSections).Put([]byte(name), raw); err != nil {
			return err
		}
	}
	return nil
}
