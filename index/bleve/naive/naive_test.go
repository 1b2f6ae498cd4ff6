package naive

import (
	"context"
	"path/filepath"
	"testing"

	"newsdesk/corpus"
)

func TestBuildOpenSearch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "naive")
	arts := []corpus.Article{
		{ID: "a", Title: "Profits rise", Text: "Profits rose 12%.\n\nThe company expects growth."},
		{ID: "b", Title: "Cup final", Text: "Arsenal won the final."},
	}
	ix, err := Build(context.Background(), dir, arts)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, c := range []struct {
		q    string
		want int
	}{{"profits", 2}, {"arsenal", 1}, {"the company won", 2}, {"nothing here", 0}} {
		if got, err := ix.Search(context.Background(), c.q, 10); err != nil || got != c.want {
			t.Errorf("Search(%q) = %d, %v; want %d", c.q, got, err, c.want)
		}
	}
}
