package figures

import (
	"context"
	"testing"

	"newsdesk/corpus"
	"newsdesk/corpus/split"
	"newsdesk/internal/dataset"
)

// bbcPassages returns the passages of the BBC News set under NEWSDESK_DATA.
func bbcPassages(tb testing.TB) []corpus.Passage {
	tb.Helper()
	articles, _, err := corpus.Load(context.Background(), dataset.Path(tb, "bbc-news", "bbc"))
	if err != nil {
		tb.Fatal(err)
	}
	var ps []corpus.Passage
	for _, a := range articles {
		ps = append(ps, split.Passages(a)...)
	}
	return ps
}

func BenchmarkExtractBBC(b *testing.B) {
	ps := bbcPassages(b)
	var bytes int64
	for _, p := range ps {
		bytes += int64(len(p.Text))
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			Extract(p.Text)
		}
	}
}
