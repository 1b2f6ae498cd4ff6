package bolt

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"

	bbolt "go.etcd.io/bbolt"

	"newsdesk/index/embed"
)

func TestGetPut(t *testing.T) {
	a := vectors("a", 5, 4)
	b := vectors("b", 3, 4)
	tests := []struct {
		name   string
		puts   map[string]map[string][]float32 // model → vectors, stored in turn
		model  string
		hashes []string
		want   map[string][]float32
	}{
		{
			name:   "round trip",
			puts:   map[string]map[string][]float32{modelA: a},
			model:  modelA,
			hashes: keys(a),
			want:   a,
		},
		{
			name:   "missing hashes are absent",
			puts:   map[string]map[string][]float32{modelA: a},
			model:  modelA,
			hashes: []string{"a0", "nope", "a3", ""},
			want:   map[string][]float32{"a0": a["a0"], "a3": a["a3"]},
		},
		{
			name:   "no hashes",
			puts:   map[string]map[string][]float32{modelA: a},
			model:  modelA,
			hashes: nil,
			want:   map[string][]float32{},
		},
		{
			name:   "unknown model",
			puts:   map[string]map[string][]float32{modelA: a},
			model:  modelB,
			hashes: keys(a),
			want:   map[string][]float32{},
		},
		{
			name:   "two models kept apart: same hashes",
			puts:   map[string]map[string][]float32{modelA: a, modelB: {"a0": b["b0"], "a1": b["b1"]}},
			model:  modelB,
			hashes: keys(a),
			want:   map[string][]float32{"a0": b["b0"], "a1": b["b1"]},
		},
		{
			name:   "two models kept apart: other model's hashes",
			puts:   map[string]map[string][]float32{modelA: a, modelB: b},
			model:  modelA,
			hashes: append(keys(a), keys(b)...),
			want:   a,
		},
		{
			name:   "more than a transaction's worth",
			puts:   map[string]map[string][]float32{modelA: vectors("h", 2*chunk+7, 4)},
			model:  modelA,
			hashes: keys(vectors("h", 2*chunk+7, 4)),
			want:   vectors("h", 2*chunk+7, 4),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := openCache(t)
			for model, vecs := range tt.puts {
				if err := c.Put(t.Context(), model, vecs); err != nil {
					t.Fatalf("Put %s: %v", model, err)
				}
			}
			got, err := c.Get(t.Context(), tt.model, 4, tt.hashes)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if d := sameVectors(got, tt.want); d != "" {
				t.Errorf("Get: %s", d)
			}
			if n, err := c.Len(modelA); err != nil || n != len(tt.puts[modelA]) {
				t.Errorf("Len(modelA) = %d, %v; want %d, nil", n, err, len(tt.puts[modelA]))
			}
		})
	}
}

func TestPutReplaces(t *testing.T) {
	c, _ := openCache(t)
	old, repl := vectors("h", 2, 4), vectors("x", 2, 4)
	if err := c.Put(t.Context(), modelA, old); err != nil {
		t.Fatalf("Put: %v", err)
	}
	want := map[string][]float32{"h0": repl["x0"], "h1": old["h1"]}
	if err := c.Put(t.Context(), modelA, map[string][]float32{"h0": repl["x0"]}); err != nil {
		t.Fatalf("second Put: %v", err)
	}
	got, err := c.Get(t.Context(), modelA, 4, keys(old))
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if d := sameVectors(got, want); d != "" {
		t.Errorf("after replacing h0: %s", d)
	}
}

func TestPutRejects(t *testing.T) {
	good := []float32{0.6, 0.8, 0, 0}
	tests := []struct {
		name   string
		model  string
		vecs   map[string][]float32
		badVec bool // whether the error should match embed.ErrBadVector
	}{
		{"no model", "", map[string][]float32{"h": good}, false},
		{"empty hash", modelA, map[string][]float32{"": good}, false},
		{"empty vector", modelA, map[string][]float32{"h": {}}, true},
		{"NaN", modelA, map[string][]float32{"h": {float32(math.NaN()), 0, 0, 1}}, true},
		{"infinity", modelA, map[string][]float32{"h": {float32(math.Inf(1)), 0, 0, 1}}, true},
		{"all zero", modelA, map[string][]float32{"h": {0, 0, 0, 0}}, true},
		{"two lengths", modelA, map[string][]float32{"g": good, "h": {1, 0, 0}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := openCache(t)
			err := c.Put(t.Context(), tt.model, tt.vecs)
			if err == nil {
				t.Fatalf("Put: no error; want one")
			}
			if got := errors.Is(err, embed.ErrBadVector); got != tt.badVec {
				t.Errorf("Put = %v: matches embed.ErrBadVector %v; want %v", err, got, tt.badVec)
			}
			if n, _ := c.Len(modelA); n != 0 {
				t.Errorf("Len after a rejected Put = %d; want 0", n)
			}
		})
	}
}

// TestGetDamaged stores raw entries that no Put would write and checks
// that Get leaves each out, counted, and keeps the sound ones.
func TestGetDamaged(t *testing.T) {
	good := vectors("g", 1, 4)["g0"]
	tests := []struct {
		name   string
		stored []byte
	}{
		{"too few dimensions", embed.Encode(good[:3])},
		{"too many dimensions", embed.Encode(append(slices.Clone(good), 0.5))},
		{"not whole float32s", embed.Encode(good)[:15]},
		{"empty", []byte{}},
		{"NaN", embed.Encode([]float32{float32(math.NaN()), 0, 0, 1})},
		{"all zero", make([]byte, 16)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := openCache(t)
			if err := c.Put(t.Context(), modelA, map[string][]float32{"good": good}); err != nil {
				t.Fatalf("Put: %v", err)
			}
			if err := c.db.Update(func(tx *bbolt.Tx) error {
				return tx.Bucket(root).Bucket([]byte(modelA)).Put([]byte("bad"), tt.stored)
			}); err != nil {
				t.Fatalf("store damaged entry: %v", err)
			}
			got, err := c.Get(t.Context(), modelA, 4, []string{"good", "bad"})
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if d := sameVectors(got, map[string][]float32{"good": good}); d != "" {
				t.Errorf("Get: %s", d)
			}
			if n := c.Damaged(); n != 1 {
				t.Errorf("Damaged = %d; want 1", n)
			}
		})
	}
}

func TestKeep(t *testing.T) {
	a, b := vectors("a", 6, 4), vectors("b", 4, 4)
	tests := []struct {
		name    string
		keep    []string
		wantA   []string // hashes of modelA left
		removed int
	}{
		{"keep all of model, drop other model", keys(a), keys(a), len(b)},
		{"drop stale hashes", []string{"a1", "a4"}, []string{"a1", "a4"}, len(a) - 2 + len(b)},
		{"keep nothing", nil, nil, len(a) + len(b)},
		{"keep names not stored", []string{"a0", "zz"}, []string{"a0"}, len(a) - 1 + len(b)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := openCache(t)
			for model, vecs := range map[string]map[string][]float32{modelA: a, modelB: b} {
				if err := c.Put(t.Context(), model, vecs); err != nil {
					t.Fatalf("Put %s: %v", model, err)
				}
			}
			keep := map[string]bool{}
			for _, h := range tt.keep {
				keep[h] = true
			}
			removed, err := c.Keep(t.Context(), modelA, keep)
			if err != nil {
				t.Fatalf("Keep: %v", err)
			}
			if removed != tt.removed {
				t.Errorf("Keep removed %d; want %d", removed, tt.removed)
			}
			got, err := c.Get(t.Context(), modelA, 4, keys(a))
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			want := map[string][]float32{}
			for _, h := range tt.wantA {
				want[h] = a[h]
			}
			if d := sameVectors(got, want); d != "" {
				t.Errorf("modelA after Keep: %s", d)
			}
			if n, err := c.Len(modelB); n != 0 || err != nil {
				t.Errorf("Len(modelB) after Keep = %d, %v; want 0, nil", n, err)
			}
		})
	}
}

func TestKeepManyStale(t *testing.T) {
	c, _ := openCache(t)
	n := 2*chunk + 3
	if err := c.Put(t.Context(), modelA, vectors("h", n, 4)); err != nil {
		t.Fatalf("Put: %v", err)
	}
	removed, err := c.Keep(t.Context(), modelA, map[string]bool{"h7": true})
	if err != nil || removed != n-1 {
		t.Errorf("Keep = %d, %v; want %d, nil", removed, err, n-1)
	}
	if got, err := c.Len(modelA); got != 1 || err != nil {
		t.Errorf("Len = %d, %v; want 1, nil", got, err)
	}
}

// TestCancelled checks that a done ctx stops each call before it reads or
// writes, with ctx's error.
func TestCancelled(t *testing.T) {
	vecs := vectors("h", 10, 4)
	tests := []struct {
		name string
		call func(ctx context.Context, c *Cache) error
	}{
		{"Get", func(ctx context.Context, c *Cache) error {
			_, err := c.Get(ctx, modelA, 4, keys(vecs))
			return err
		}},
		{"Put", func(ctx context.Context, c *Cache) error {
			return c.Put(ctx, modelA, vectors("new", 10, 4))
		}},
		{"Keep", func(ctx context.Context, c *Cache) error {
			_, err := c.Keep(ctx, modelA, nil)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := openCache(t)
			if err := c.Put(t.Context(), modelA, vecs); err != nil {
				t.Fatalf("Put: %v", err)
			}
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			if err := tt.call(ctx, c); !errors.Is(err, context.Canceled) {
				t.Errorf("%s = %v; want an error matching context.Canceled", tt.name, err)
			}
			if n, err := c.Len(modelA); n != len(vecs) || err != nil {
				t.Errorf("Len after cancelled %s = %d, %v; want %d, nil", tt.name, n, err, len(vecs))
			}
		})
	}
}

// TestConcurrent runs Puts, Gets, Lens and Keeps from several goroutines;
// run it with -race.
func TestConcurrent(t *testing.T) {
	c, _ := openCache(t)
	const workers, rounds = 8, 20
	batch := func(w, r int) map[string][]float32 { return vectors(fmt.Sprintf("w%d-r%d-", w, r), 5, 4) }
	all := map[string]bool{}
	for w := range workers {
		for r := range rounds {
			for h := range batch(w, r) {
				all[h] = true
			}
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*workers*rounds)
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				vecs := batch(w, r)
				if err := c.Put(t.Context(), modelA, vecs); err != nil {
					errs <- fmt.Errorf("Put: %w", err)
					return
				}
				got, err := c.Get(t.Context(), modelA, 4, keys(vecs))
				if err != nil {
					errs <- fmt.Errorf("Get: %w", err)
					return
				}
				if d := sameVectors(got, vecs); d != "" {
					errs <- fmt.Errorf("worker %d round %d: %s", w, r, d)
				}
				if _, err := c.Len(modelA); err != nil {
					errs <- fmt.Errorf("Len: %w", err)
				}
				// Keep races with the Puts; it keeps every hash any
				// worker stores, so it must remove none of them.
				if n, err := c.Keep(t.Context(), modelA, all); n != 0 || err != nil {
					errs <- fmt.Errorf("Keep = %d, %v; want 0, nil", n, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, err := c.Len(modelA); n != len(all) || err != nil {
		t.Errorf("Len = %d, %v; want %d, nil", n, err, len(all))
	}
}
