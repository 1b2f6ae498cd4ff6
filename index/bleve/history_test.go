package bleve

import (
	"os"
	"testing"
)

func TestLoadCommits(t *testing.T) {
	for _, c := range []struct {
		name, file string
		want       int
	}{
		{"as saveHistory writes it", `{"commits":7,"articles":{"a":{"hash":"x"}}}`, 7},
		{"the count after the articles", `{"articles":{"a":{"hash":"x"}},"commits":5}`, 5},
		{"damaged", `{"commits":`, 0},
		{"missing", "", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			ix := &Index{dir: t.TempDir()}
			if c.file != "" {
				if err := os.WriteFile(ix.historyPath(), []byte(c.file), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := ix.loadCommits(); got != c.want {
				t.Errorf("loadCommits() = %d; want %d", got, c.want)
			}
		})
	}
}
