package bolt

import (
	"os"
	"path/filepath"
	"testing"
)

// benchVectors is a corpus of BBC-news size: about 8,400 passages, rounded
// up, of a 384-dimension model.
const benchVectors, benchDims = 10_000, 384

// BenchmarkPut stores 10,000 vectors in a new cache: the first index of a
// corpus. The file's size is reported as file-bytes.
func BenchmarkPut(b *testing.B) {
	vecs := vectors("h", benchVectors, benchDims)
	b.SetBytes(benchVectors * benchDims * 4)
	b.ReportAllocs()
	var size int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "vectors.db")
		c, err := Open(path)
		if err != nil {
			b.Fatalf("Open: %v", err)
		}
		b.StartTimer()
		if err := c.Put(b.Context(), model384, vecs); err != nil {
			b.Fatalf("Put: %v", err)
		}
		b.StopTimer()
		if err := c.Close(); err != nil {
			b.Fatalf("Close: %v", err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size = fi.Size()
		b.StartTimer()
	}
	b.ReportMetric(float64(size), "file-bytes")
}

// BenchmarkGet reads 10,000 vectors back: what every start of newsdesk
// does before semantic search is ready.
func BenchmarkGet(b *testing.B) {
	c, _ := openCache(b)
	vecs := vectors("h", benchVectors, benchDims)
	if err := c.Put(b.Context(), model384, vecs); err != nil {
		b.Fatalf("Put: %v", err)
	}
	hashes := keys(vecs)
	b.SetBytes(benchVectors * benchDims * 4)
	b.ReportAllocs()
	for b.Loop() {
		got, err := c.Get(b.Context(), model384, benchDims, hashes)
		if err != nil {
			b.Fatalf("Get: %v", err)
		}
		if len(got) != benchVectors {
			b.Fatalf("Get returned %d vectors; want %d", len(got), benchVectors)
		}
	}
}
