package bolt

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk/index"
)

const (
	modelA = "e5-small-v2-q/4/sha256:0123456789abcdef"
	modelB = "all-minilm-l6-v2-q/4/sha256:fedcba9876543210"
	// model384 is for tests of vectors of a real size.
	model384 = "e5-small-v2-q/384/sha256:0123456789abcdef"
)

// openCache opens a cache in a new temporary folder and closes it when the
// test ends.
func openCache(tb testing.TB) (*Cache, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "vectors.db")
	c, err := Open(path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { c.Close() })
	return c, path
}

// vectors returns n unit vectors of dims values keyed "<prefix><i>", the
// same for the same arguments.
func vectors(prefix string, n, dims int) map[string][]float32 {
	rng := rand.New(rand.NewPCG(uint64(n), uint64(dims)))
	out := make(map[string][]float32, n)
	for i := range n {
		v := make([]float32, dims)
		var sum float64
		for j := range v {
			v[j] = float32(rng.NormFloat64())
			sum += float64(v[j]) * float64(v[j])
		}
		for j := range v {
			v[j] = float32(float64(v[j]) / math.Sqrt(sum))
		}
		out[fmt.Sprintf("%s%d", prefix, i)] = v
	}
	return out
}

// keys returns the keys of m.
func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// sameVectors reports the first difference between got and want, or "".
func sameVectors(got, want map[string][]float32) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d vectors; want %d", len(got), len(want))
	}
	for h, w := range want {
		g, ok := got[h]
		if !ok {
			return fmt.Sprintf("no vector for %s", h)
		}
		if len(g) != len(w) {
			return fmt.Sprintf("vector %s has %d values; want %d", h, len(g), len(w))
		}
		for i := range w {
			if g[i] != w[i] {
				return fmt.Sprintf("vector %s value %d = %v; want %v", h, i, g[i], w[i])
			}
		}
	}
	return ""
}

func TestReopenKeepsVectors(t *testing.T) {
	c, path := openCache(t)
	want := vectors("h", 50, 4)
	if err := c.Put(t.Context(), modelA, want); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close = %v; want nil", err)
	}
	if _, err := c.Get(t.Context(), modelA, 4, keys(want)); err == nil {
		t.Errorf("Get after Close: no error; want one")
	}

	c, err := Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer c.Close()
	if msg := c.Recovered(); msg != "" {
		t.Errorf("Recovered = %q; want \"\"", msg)
	}
	got, err := c.Get(t.Context(), modelA, 4, keys(want))
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if d := sameVectors(got, want); d != "" {
		t.Errorf("after reopen: %s", d)
	}
}

func TestOpenLocked(t *testing.T) {
	_, path := openCache(t)
	c, err := Open(path)
	if err == nil {
		c.Close()
		t.Fatalf("second Open of %s: no error; want one matching index.ErrLocked", path)
	}
	if !errors.Is(err, index.ErrLocked) {
		t.Errorf("second Open = %v; want an error matching index.ErrLocked", err)
	}
	if !strings.Contains(err.Error(), "vectors.db") {
		t.Errorf("second Open = %q; want it to name vectors.db", err)
	}
}

func TestOpenMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "vectors.db")
	c, err := Open(path)
	if err == nil {
		c.Close()
		t.Fatalf("Open(%s): no error; want one", path)
	}
	if errors.Is(err, index.ErrLocked) {
		t.Errorf("Open = %v; want an error not matching index.ErrLocked", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open created %s: stat = %v", filepath.Dir(path), err)
	}
}

// TestOpenDamaged writes files a crash, a disk fault or a user could leave
// at the cache's path and checks that each is moved aside, byte for byte,
// and an empty, working cache takes its place.
func TestOpenDamaged(t *testing.T) {
	sound := soundFile(t)
	garbage := bytes.Repeat([]byte("not a bbolt file\n"), 1000)
	tests := []struct {
		name    string
		content []byte
		aside   bool // whether Open should move the file aside
	}{
		{"empty file", nil, false},
		{"garbage", garbage, true},
		{"one byte", []byte{0}, true},
		{"zeros", make([]byte, 100_000), true},
		{"first page", sound[:4096], true},
		{"two pages", sound[:8192], true},
		{"two pages and a byte", sound[:8193], true},
		{"four pages", sound[:16384], true},
		{"half", sound[:len(sound)/2], true},
		{"meta pages zeroed", append(make([]byte, 8192), sound[8192:]...), true},
		{"pages overwritten", overwrite(sound, len(sound)/4, garbage), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "vectors.db")
			if err := os.WriteFile(path, tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := Open(path)
			if err != nil {
				t.Fatalf("Open: %v; want a fresh cache", err)
			}
			defer c.Close()

			matches, _ := filepath.Glob(path + ".corrupt-*")
			if !tt.aside {
				if c.Recovered() != "" || len(matches) != 0 {
					t.Errorf("Recovered = %q, files aside %q; want none", c.Recovered(), matches)
				}
			} else {
				if len(matches) != 1 {
					t.Fatalf("files aside = %q; want one", matches)
				}
				if msg := c.Recovered(); !strings.Contains(msg, filepath.Base(matches[0])) {
					t.Errorf("Recovered = %q; want it to name %s", msg, filepath.Base(matches[0]))
				}
				if got, _ := os.ReadFile(matches[0]); !bytes.Equal(got, tt.content) {
					t.Errorf("file aside has %d bytes; want the %d of the damaged file", len(got), len(tt.content))
				}
			}

			if n, err := c.Len(modelA); n != 0 || err != nil {
				t.Errorf("Len = %d, %v; want 0, nil", n, err)
			}
			want := vectors("h", 10, 4)
			if err := c.Put(t.Context(), modelA, want); err != nil {
				t.Fatalf("Put: %v", err)
			}
			got, err := c.Get(t.Context(), modelA, 4, keys(want))
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if d := sameVectors(got, want); d != "" {
				t.Errorf("fresh cache: %s", d)
			}
		})
	}
}

// soundFile returns the bytes of a closed cache holding enough vectors to
// span many pages.
func soundFile(tb testing.TB) []byte {
	tb.Helper()
	c, path := openCache(tb)
	if err := c.Put(tb.Context(), model384, vectors("h", 3000, 384)); err != nil {
		tb.Fatalf("Put: %v", err)
	}
	if err := c.Close(); err != nil {
		tb.Fatalf("Close: %v", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// overwrite returns a copy of b with junk written over it from off.
func overwrite(b []byte, off int, junk []byte) []byte {
	out := bytes.Clone(b)
	copy(out[off:], junk)
	return out
}

var testTime = mustTime("2024-03-01T12:00:00Z")

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
