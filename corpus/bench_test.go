package corpus

import (
	"context"
	"testing"

	"newsdesk/internal/dataset"
)

func BenchmarkLoadBBC(b *testing.B) {
	dir := dataset.Path(b, "bbc-news", "bbc")
	var bytes int64
	for b.Loop() {
		articles, _, err := Load(context.Background(), dir)
		if err != nil {
			b.Fatal(err)
		}
		bytes = 0
		for _, a := range articles {
			bytes += int64(len(a.Text))
		}
	}
	b.SetBytes(bytes)
}
