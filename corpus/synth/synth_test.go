package synth

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsdesk/corpus"
)

func sources() []corpus.Article {
	return []corpus.Article{
		{ID: "business/001", Title: "Profits rise", Text: "Profits at Northwind rose 12% to $40m in 2004.\n\nThe company expects consolidated growth.\n\nAnalysts at Fabrikam were surprised."},
		{ID: "business/002", Title: "Shares fall", Text: "Shares in Contoso fell 3% on Monday.\n\nTraders blamed uncertainty about interest rates.\n\nThe index closed at 4,812 points."},
		{ID: "sport/001", Title: "Cup final", Text: "Arsenal beat Chelsea 2-1 in the final.\n\nThe manager praised the determination of his players."},
	}
}

func TestArticle(t *testing.T) {
	g := New(sources(), 7)
	for _, c := range []struct {
		name          string
		n, edition    int
		wantPrefix    string
		wantDifferent bool // from the source article's file
	}{
		{"a source is copied as it is", 0, 0, "Profits rise\n\nProfits at Northwind", false},
		{"a copy keeps the source's title", 3, 0, "Profits rise", true},
		{"an edition of a source changes it", 0, 1, "Profits rise", true},
		{"a sport copy comes from sport", 5, 0, "Cup final", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := g.Article(c.n, c.edition)
			if !strings.HasPrefix(got, c.wantPrefix) {
				t.Errorf("Article(%d, %d) = %q; want it to start %q", c.n, c.edition, got, c.wantPrefix)
			}
			if again := g.Article(c.n, c.edition); again != got {
				t.Errorf("Article(%d, %d) twice: %q, then %q; want the same", c.n, c.edition, got, again)
			}
			if c.wantDifferent && got == g.Article(c.n%3, 0) {
				t.Errorf("Article(%d, %d) = its source %q; want a perturbed copy", c.n, c.edition, got)
			}
		})
	}
}

func TestWriteAndChange(t *testing.T) {
	dir := t.TempDir()
	g := New(sources(), 1)
	st, err := g.Write(context.Background(), dir, 30)
	if err != nil || st.Files != 30 {
		t.Fatalf("Write = %d files, %v; want 30 and no error", st.Files, err)
	}
	articles, report, err := corpus.Load(context.Background(), dir)
	if err != nil || len(articles) != 30 || len(report.Skipped) != 0 {
		t.Fatalf("Load = %d articles, %d skipped, %v; want 30, none skipped", len(articles), len(report.Skipped), err)
	}
	before, err := os.ReadFile(filepath.Join(dir, g.Path(5)))
	if err != nil {
		t.Fatal(err)
	}
	changed, err := g.Change(dir, 30, 10, 1)
	if err != nil || changed != 3 {
		t.Fatalf("Change = %d, %v; want 3 and no error", changed, err)
	}
	after, err := os.ReadFile(filepath.Join(dir, g.Path(5)))
	if err != nil || string(after) == string(before) {
		t.Errorf("article 5 after Change = %q, %v; want it rewritten", after, err)
	}
}

func TestSuffix(t *testing.T) {
	for _, c := range []struct {
		k    int
		want string
	}{{0, "xa"}, {25, "xz"}, {26, "xab"}} {
		if got := suffix(c.k); got != c.want {
			t.Errorf("suffix(%d) = %q; want %q", c.k, got, c.want)
		}
	}
}
