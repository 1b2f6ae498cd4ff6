package bleve

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// Crash recovery: an Update records the articles it is about to write
// (the pending mark) before writing them, and clears the mark in the batch
// that commits them. A mark found by the next Update names the articles a
// crash or a cancellation left half-written; that Update writes them again,
// or deletes their documents if they have left the corpus.

// errCrashed stops an Update before its commit, in tests of crash recovery.
var errCrashed = errors.New("simulated crash before commit")

var pendingKey = []byte("newsdesk/pending")

func (ix *Index) readPending() (map[string]bool, error) {
	raw, err := ix.idx.GetInternal(pendingKey)
	if err != nil {
		return nil, fmt.Errorf("read pending updates: %w", err)
	}
	ids := map[string]bool{}
	if len(raw) > 0 {
		var list []string
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("decode pending updates: %w", err)
		}
		for _, id := range list {
			ids[id] = true
		}
	}
	return ids, nil
}

func (ix *Index) writePending(ids map[string]bool) error {
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	sort.Strings(list)
	raw, _ := json.Marshal(list) // strings always encode
	b := ix.idx.NewBatch()
	b.SetInternal(pendingKey, raw)
	if err := ix.writeBatch(b); err != nil {
		return fmt.Errorf("record pending updates: %w", err)
	}
	return nil
}
