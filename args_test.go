package main

import (
	"strings"
	"testing"
)

// A folder given where a command does not expect one is never ignored:
// index DIR and ask DIR QUESTION take it as the corpus; anything else is
// a usage error saying to use --corpus.
func TestFolderArguments(t *testing.T) {
	data := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
		want string // in stdout when code is 0, else in stderr
	}{
		{"index DIR indexes it", []string{"index", "--json", "testdata/articles"}, 0, `"articles": 6`},
		{"index DIR is --corpus DIR", []string{"index", "testdata/articles", "--corpus", "testdata/articles"}, 0, "6 unchanged"},
		{"index with two corpora", []string{"index", "--corpus", "testdata/eval/articles", "testdata/articles"}, 2, "two corpus folders"},
		{"index with a file", []string{"index", "README.md"}, 2, "use --corpus DIR"},
		{"index with a missing folder", []string{"index", "testdata/no-such-folder"}, 2, "not a folder"},
		{"index with two folders", []string{"index", "testdata/articles", "testdata/eval"}, 2, "use --corpus DIR"},
		{"ask DIR QUESTION", []string{"ask", "--json", "testdata/articles", "Who", "won", "the", "Lakeside", "marathon?"}, 0, "Grace Wanjiru"},
		{"ask DIR alone", []string{"ask", "testdata/articles"}, 2, "newsdesk ask --corpus testdata/articles"},
		{"ask with --corpus keeps the folder in the question", []string{"ask", "--json", "--corpus", "testdata/articles", "testdata", "marathon", "record"}, 0, `"question": "testdata marathon record"`},
		{"ask never takes the data folder as the corpus", []string{"ask", "--json", data, "allies", "support", "2024"}, 0, "over €50 billion"},
		{"figures DIR TOPIC", []string{"figures", "--json", "testdata/articles", "runners"}, 0, "18,500"},
		{"digest with a folder", []string{"digest", "testdata/articles"}, 2, "pass --corpus DIR"},
		{"serve with a folder", []string{"serve", "testdata/articles"}, 2, "pass --corpus DIR"},
		{"bench with a folder", []string{"bench", "--questions", "q.txt", "testdata/articles"}, 2, "pass --corpus DIR"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := runCLI(t, map[string]string{"NEWSDESK_DATA_DIR": data}, "", c.args...)
			got := errs
			if c.code == 0 {
				got = out
			}
			if code != c.code || !strings.Contains(got, c.want) {
				t.Errorf("exit %d, stdout %.300q, stderr %.300q; want exit %d with %q", code, out, errs, c.code, c.want)
			}
		})
	}
}
