package datadir

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCorpusName(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"BBC News", "a/news", "b/news", "___"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "a", "news"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	name := func(dir string) string {
		t.Helper()
		n, err := CorpusName(dir)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	cases := []struct {
		dir    string
		prefix string
	}{
		{"", "embedded"},
		{filepath.Join(root, "BBC News"), "bbc-news-"},
		{filepath.Join(root, "a", "news"), "news-"},
		{filepath.Join(root, "___"), "corpus-"},
	}
	shape := regexp.MustCompile(`^[a-z0-9-]+-[0-9a-f]{12}$`)
	for _, c := range cases {
		got := name(c.dir)
		if !strings.HasPrefix(got, c.prefix) || c.dir != "" && !shape.MatchString(got) {
			t.Errorf("CorpusName(%q) = %q; want %q and 12 hex digits", c.dir, got, c.prefix)
		}
	}
	if a, b := name(filepath.Join(root, "a", "news")), name(filepath.Join(root, "b", "news")); a == b {
		t.Errorf("two folders named news share the name %q; want one each", a)
	}
	if a, l := name(filepath.Join(root, "a", "news")), name(filepath.Join(root, "link")); a != l {
		t.Errorf("a folder is %q, a link to it %q; want the same", a, l)
	}
	if a, b := name(filepath.Join(root, "a", "news")), name(filepath.Join(root, "a", ".", "news")+"/"); a != b {
		t.Errorf("the same folder spelled two ways: %q and %q; want the same", a, b)
	}
}

func TestVectorsAdoptsEarlierLayout(t *testing.T) {
	data := t.TempDir()
	legacy := filepath.Join(data, "vectors.db")
	if err := os.WriteFile(legacy, []byte("vectors"), 0o644); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name, want string
		content    string // what the file holds afterwards; "" means absent
	}{
		{"embedded", filepath.Join(data, "vectors", "embedded.db"), "vectors"}, // takes the earlier file
		{"news-0123456789ab", filepath.Join(data, "vectors", "news-0123456789ab.db"), ""},
		{"", legacy, ""}, // the earlier layout, now moved away
	}
	for _, s := range steps {
		got, err := Vectors(data, s.name)
		if err != nil || got != s.want {
			t.Fatalf("Vectors(%q) = %q, %v; want %q", s.name, got, err, s.want)
		}
		b, _ := os.ReadFile(got)
		if string(b) != s.content {
			t.Errorf("Vectors(%q): file holds %q; want %q", s.name, b, s.content)
		}
	}
}
