package bolt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	bbolt "go.etcd.io/bbolt"

	"newsdesk/index/embed"
)

// chunk is how many vectors one transaction reads, writes or deletes. A
// long read transaction holds off a write that must grow the file, and a
// big write holds its pages in memory until it commits; a few thousand
// (a few MB of 384-dimension vectors) keeps both short, and ctx is
// checked between chunks.
const chunk = 2000

// Get returns the stored vectors of hashes for model, whose vectors have
// dims values. Hashes with no vector are absent from the map, and so are
// damaged vectors (the wrong length, a NaN, an infinity, all zeros), which
// Damaged counts: the caller embeds both again.
//
// Get checks ctx between chunks of a few thousand hashes and returns its
// error, wrapped, when it is done. Other errors are about reading the file
// (the cache is closed, or the model or dims make no sense).
func (c *Cache) Get(ctx context.Context, model string, dims int, hashes []string) (map[string][]float32, error) {
	if model == "" || dims <= 0 {
		return nil, fmt.Errorf("get vectors of model %q with %d dimensions: need a model key and dimensions", model, dims)
	}
	out := make(map[string][]float32, len(hashes))
	// In key order, each lookup reads pages next to the last one's.
	hashes = slices.Clone(hashes)
	slices.Sort(hashes)
	for part := range slices.Chunk(hashes, chunk) {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("get vectors of %s: %w", model, err)
		}
		absent := false
		err := c.db.View(func(tx *bbolt.Tx) error {
			b := modelBucket(tx, model)
			if b == nil {
				absent = true
				return nil
			}
			for _, h := range part {
				stored := b.Get([]byte(h))
				if stored == nil {
					continue
				}
				if v, ok := decode(stored, dims); ok {
					out[h] = v
				} else {
					c.damaged.Add(1)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("get vectors of %s: %w", model, err)
		}
		if absent {
			break
		}
	}
	return out, nil
}

// decode returns the vector stored as b when it is a sound one of dims
// values. Decode copies, so the vector outlives the transaction.
func decode(b []byte, dims int) ([]float32, bool) {
	if len(b) != 4*dims {
		return nil, false
	}
	v, err := embed.Decode(b)
	if err != nil || embed.Validate([][]float32{v}, 1, dims) != nil {
		return nil, false
	}
	return v, true
}

// Put stores vecs (content hash → vector) for model, replacing any vector
// stored for the same hash. Every vector must be sound and all of one
// length; otherwise Put stores nothing and returns an error wrapping
// embed.ErrBadVector.
//
// Put writes in transactions of a few thousand vectors, each synced to
// disk before the next begins, and checks ctx before each: when it
// returns nil every vector is durable; when ctx ends first it returns its
// error, wrapped, and the transactions already committed stay. A failed
// write (a full disk) returns its error, wrapped, and leaves the cache as
// it was before that transaction, readable.
func (c *Cache) Put(ctx context.Context, model string, vecs map[string][]float32) error {
	if model == "" {
		return errors.New("put vectors: need a model key")
	}
	hashes := make([]string, 0, len(vecs))
	dims := -1
	for h, v := range vecs {
		if h == "" || len(h) > bbolt.MaxKeySize {
			return fmt.Errorf("put vectors of %s: hash of %d bytes, want 1 to %d", model, len(h), bbolt.MaxKeySize)
		}
		if dims < 0 {
			dims = len(v)
		}
		if err := embed.Validate([][]float32{v}, 1, dims); err != nil {
			return fmt.Errorf("put vectors of %s: hash %s: %w", model, h, err)
		}
		hashes = append(hashes, h)
	}
	// Keys in order fill pages one after another instead of splitting
	// pages all over the tree.
	slices.Sort(hashes)
	done := 0
	for part := range slices.Chunk(hashes, chunk) {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("put vectors of %s: stored %d of %d: %w", model, done, len(hashes), err)
		}
		err := c.db.Update(func(tx *bbolt.Tx) error {
			r, err := tx.CreateBucketIfNotExists(root)
			if err != nil {
				return err
			}
			b, err := r.CreateBucketIfNotExists([]byte(model))
			if err != nil {
				return err
			}
			for _, h := range part {
				if err := b.Put([]byte(h), embed.Encode(vecs[h])); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("put vectors of %s: store %d (after %d of %d): %w", model, len(part), done, len(hashes), err)
		}
		done += len(part)
	}
	return nil
}

// Keep deletes every vector of model whose hash is not in keep, and every
// vector of every other model, so that a change of model leaves none of
// the old one's behind. It returns how many vectors it deleted.
//
// Keep drops the other models in one transaction, then model's stale
// vectors in transactions of a few thousand, checking ctx before each; when
// ctx ends first it returns what it deleted so far and ctx's error,
// wrapped. Other errors are about reading or writing the file.
func (c *Cache) Keep(ctx context.Context, model string, keep map[string]bool) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("keep vectors of %s: %w", model, err)
	}
	removed := 0
	err := c.db.Update(func(tx *bbolt.Tx) error {
		r := tx.Bucket(root)
		if r == nil {
			return nil
		}
		var others [][]byte
		if err := r.ForEachBucket(func(k []byte) error {
			if string(k) != model {
				others = append(others, bytes.Clone(k))
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range others {
			n := r.Bucket(k).Stats().KeyN
			if err := r.DeleteBucket(k); err != nil {
				return fmt.Errorf("delete model %s: %w", k, err)
			}
			removed += n
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("keep vectors of %s: drop other models: %w", model, err)
	}

	// Deleting under a cursor skips keys in bbolt, so the stale hashes are
	// listed first and deleted after.
	var stale [][]byte
	err = c.db.View(func(tx *bbolt.Tx) error {
		b := modelBucket(tx, model)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, _ []byte) error {
			if !keep[string(k)] {
				stale = append(stale, bytes.Clone(k))
			}
			return nil
		})
	})
	if err != nil {
		return removed, fmt.Errorf("keep vectors of %s: list stale ones: %w", model, err)
	}
	for part := range slices.Chunk(stale, chunk) {
		if err := ctx.Err(); err != nil {
			return removed, fmt.Errorf("keep vectors of %s: %w", model, err)
		}
		err := c.db.Update(func(tx *bbolt.Tx) error {
			b := modelBucket(tx, model)
			if b == nil {
				return nil
			}
			for _, k := range part {
				// A concurrent Keep may have deleted it since the
				// listing: count only what goes.
				if b.Get(k) == nil {
					continue
				}
				if err := b.Delete(k); err != nil {
					return err
				}
				removed++
			}
			return nil
		})
		if err != nil {
			return removed, fmt.Errorf("keep vectors of %s: delete %d stale ones: %w", model, len(part), err)
		}
	}
	return removed, nil
}

// Len returns how many vectors are stored for model. Its error is about
// reading the file.
func (c *Cache) Len(model string) (int, error) {
	n := 0
	err := c.db.View(func(tx *bbolt.Tx) error {
		if b := modelBucket(tx, model); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count vectors of %s: %w", model, err)
	}
	return n, nil
}

// modelBucket returns model's bucket in tx, or nil when it has no vectors.
func modelBucket(tx *bbolt.Tx, model string) *bbolt.Bucket {
	r := tx.Bucket(root)
	if r == nil {
		return nil
	}
	return r.Bucket([]byte(model))
}
