package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func ids(articles []Article) []string {
	out := make([]string, len(articles))
	for i, a := range articles {
		out[i] = a.ID
	}
	return out
}

func skipMap(skips []Skip) map[string]string {
	m := map[string]string{}
	for _, s := range skips {
		if prev, ok := m[s.Path]; ok {
			m[s.Path] = prev + "; " + s.Reason
			continue
		}
		m[s.Path] = s.Reason
	}
	return m
}

func TestLoad(t *testing.T) {
	articles, report, err := Load(context.Background(), "testdata/articles")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	wantIDs := []string{
		"energy/grid-briefing", "energy/tidal-lagoon", "energy/wrapped-memo",
		"exports/feed/42", "exports/feed/a1", "exports/feed/a7",
		"markets/port-strike", "markets/rate-decision",
		"web/harbour-bridge", "web/library-hours",
	}
	if got := ids(articles); !slices.Equal(got, wantIDs) {
		t.Errorf("IDs:\ngot  %q\nwant %q", got, wantIDs)
	}
	if report.Loaded != len(wantIDs) {
		t.Errorf("Loaded: got %d; want %d", report.Loaded, len(wantIDs))
	}
	wantSkips := []Skip{
		{"README.md", "not an article (README.md)"},
		{"exports/feed.jsonl", "line 3: empty text"},
		{"exports/feed.jsonl", `line 4: no "id" or "_id" (a string or number)`},
		{"exports/feed.jsonl", "line 5: invalid JSON: invalid character 'o' in literal null (expecting 'u')"},
		{"exports/feed.jsonl", `line 6: duplicate id "a1"`},
	}
	if !slices.Equal(report.Skipped, wantSkips) {
		t.Errorf("Skipped:\ngot  %q\nwant %q", report.Skipped, wantSkips)
	}
	if len(report.Notes) != 0 {
		t.Errorf("Notes: got %q; want none", report.Notes)
	}
	for _, a := range articles {
		checkConsistent(t, a)
	}
	again, _, err := Load(context.Background(), "testdata/articles")
	if err != nil || !reflect.DeepEqual(again, articles) {
		t.Errorf("a second Load gave different articles (err %v)", err)
	}
}

// writeFile creates a file under dir, with its parent directories.
func writeFile(tb testing.TB, dir, name string, data []byte) string {
	tb.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

func symlink(tb testing.TB, target, link string) {
	tb.Helper()
	if err := os.Symlink(target, link); err != nil {
		tb.Skipf("symlinks not supported here: %v", err)
	}
}

func TestLoadBadInput(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	good := []byte("Good headline\n\nA good paragraph.")
	writeFile(t, root, "good.txt", good)
	writeFile(t, root, "sub/good.md", []byte("# Markdown headline\n\nText."))
	writeFile(t, root, "sport/latin1.txt", []byte("Mutu sacked\n\nChelsea wrote off a \xa315.8m signing."))
	writeFile(t, root, "empty.txt", nil)
	writeFile(t, root, "blank.md", []byte(" \n\n\t \n"))
	writeFile(t, root, "image.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	writeFile(t, root, "huge.txt", []byte(strings.Repeat("word ", MaxFileSize/5+1)))
	writeFile(t, root, "report.pdf", []byte("%PDF-1.4"))
	writeFile(t, root, "dup.txt", good)
	writeFile(t, root, "dup.md", good)
	writeFile(t, root, ".git/config", []byte("[core]"))
	writeFile(t, root, ".hidden.txt", good)
	writeFile(t, outside, "secret.txt", []byte("Secret\n\nOutside the corpus."))
	writeFile(t, outside, "dir/other.txt", good)
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(root, "escape-abs.txt"))
	rel, err := filepath.Rel(root, filepath.Join(outside, "secret.txt"))
	if err != nil {
		t.Fatal(err)
	}
	symlink(t, rel, filepath.Join(root, "escape-rel.txt"))
	symlink(t, "good.txt", filepath.Join(root, "alias.txt"))
	symlink(t, filepath.Join(root, "good.txt"), filepath.Join(root, "alias-abs.txt"))
	symlink(t, filepath.Join(outside, "dir"), filepath.Join(root, "linked-dir"))
	symlink(t, "sub", filepath.Join(root, "linked-sub"))
	symlink(t, "missing.txt", filepath.Join(root, "broken.txt"))
	asRoot := os.Geteuid() == 0
	if !asRoot {
		writeFile(t, root, "locked.txt", good)
		if err := os.Chmod(filepath.Join(root, "locked.txt"), 0); err != nil {
			t.Fatal(err)
		}
		writeFile(t, root, "closed/inside.txt", good)
		if err := os.Chmod(filepath.Join(root, "closed"), 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(filepath.Join(root, "closed"), 0o755) })
	}

	articles, report, err := Load(context.Background(), root)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	wantIDs := []string{"alias", "alias-abs", "dup", "good", "sport/latin1", "sub/good"}
	if got := ids(articles); !slices.Equal(got, wantIDs) {
		t.Errorf("IDs:\ngot  %q\nwant %q", got, wantIDs)
	}
	wantSkips := map[string]string{
		"empty.txt":      "empty",
		"blank.md":       "empty",
		"image.txt":      "binary file",
		"huge.txt":       "larger than 8 MiB; split it",
		"report.pdf":     "unsupported extension .pdf (use .txt, .md, .html or .jsonl)",
		"dup.txt":        "duplicate article ID dup (also from dup.md)",
		"escape-abs.txt": "symlink leaves the corpus root",
		"escape-rel.txt": "symlink leaves the corpus root",
		"linked-dir":     "symlink leaves the corpus root",
		"linked-sub":     "symlink to a directory; not followed",
		"broken.txt":     "broken symlink",
	}
	if !asRoot {
		wantSkips["locked.txt"] = "unreadable: permission denied"
		wantSkips["closed"] = "unreadable: permission denied"
	} else {
		t.Log("running as root: unreadable files cannot be tested")
	}
	if got := skipMap(report.Skipped); !maps.Equal(got, wantSkips) {
		t.Errorf("Skipped:\ngot  %q\nwant %q", got, wantSkips)
	}
	wantNotes := []Skip{{"sport/latin1.txt", "not valid UTF-8; decoded as Windows-1252"}}
	if !slices.Equal(report.Notes, wantNotes) {
		t.Errorf("Notes: got %q; want %q", report.Notes, wantNotes)
	}
	for _, a := range articles {
		if a.ID == "sport/latin1" && a.Text != "Chelsea wrote off a £15.8m signing." {
			t.Errorf("Latin-1 text: got %q; want %q", a.Text, "Chelsea wrote off a £15.8m signing.")
		}
		if strings.Contains(a.Text, "Outside the corpus") {
			t.Errorf("article %s holds text from outside the corpus root", a.ID)
		}
	}
}

func TestLoadSymlinkedDirectoryFile(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "real/a.txt", []byte("Head\n\nBody."))
	symlink(t, "real", filepath.Join(root, "alias.md")) // a directory link that looks like an article
	_, report, err := Load(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"alias.md": "symlink to a directory; not followed"}
	if got := skipMap(report.Skipped); !maps.Equal(got, want) {
		t.Errorf("Skipped: got %q; want %q", got, want)
	}
}

// TestLoadSymlinkThroughLinkedDirectory checks links that look inside the
// root but reach outside through another link: a symlinked parent
// directory, or a chain of links. Load resolves them on disk; LoadFS over
// os.DirFS, which follows links wherever they go, must resolve them too.
func TestLoadSymlinkThroughLinkedDirectory(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	writeFile(t, root, "good.txt", []byte("Good headline\n\nA good paragraph."))
	writeFile(t, outside, "secret.txt", []byte("Secret\n\nOutside the corpus."))
	symlink(t, outside, filepath.Join(root, "linked"))
	symlink(t, "linked/secret.txt", filepath.Join(root, "via-dir.txt"))
	symlink(t, "via-dir.txt", filepath.Join(root, "chain.txt"))
	symlink(t, "good.txt", filepath.Join(root, "sub-alias.txt"))
	symlink(t, "loop.txt", filepath.Join(root, "loop.txt"))
	load := map[string]func() ([]Article, Report, error){
		"Load":   func() ([]Article, Report, error) { return Load(context.Background(), root) },
		"LoadFS": func() ([]Article, Report, error) { return LoadFS(context.Background(), os.DirFS(root)) },
	}
	for name, fn := range load {
		t.Run(name, func(t *testing.T) {
			articles, report, err := fn()
			if err != nil {
				t.Fatal(err)
			}
			if got, want := ids(articles), []string{"good", "sub-alias"}; !slices.Equal(got, want) {
				t.Errorf("IDs: got %q; want %q", got, want)
			}
			for _, a := range articles {
				if strings.Contains(a.Text, "Outside the corpus") {
					t.Errorf("article %s holds text from outside the corpus root", a.ID)
				}
			}
			want := map[string]string{
				"linked":      "symlink leaves the corpus root",
				"via-dir.txt": "symlink leaves the corpus root",
				"chain.txt":   "symlink leaves the corpus root",
				"loop.txt":    "broken symlink",
			}
			if got := skipMap(report.Skipped); !maps.Equal(got, want) {
				t.Errorf("Skipped:\ngot  %q\nwant %q", got, want)
			}
		})
	}
}

func TestLoadRoot(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "single.md", []byte("# One\n\nOnly article."))
	t.Run("missing directory", func(t *testing.T) {
		_, _, err := Load(context.Background(), filepath.Join(dir, "nope"))
		if err == nil || !strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), "--corpus") {
			t.Errorf("got error %v; want one saying it does not exist and to pass --corpus", err)
		}
	})
	t.Run("a single file", func(t *testing.T) {
		articles, report, err := Load(context.Background(), file)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(articles); !slices.Equal(got, []string{"single"}) || report.Loaded != 1 {
			t.Errorf("got IDs %q, loaded %d; want [single], 1", got, report.Loaded)
		}
	})
	t.Run("a single file behind a symlink", func(t *testing.T) {
		// The user named the file; its link is followed wherever it points.
		link := filepath.Join(t.TempDir(), "latest.md")
		symlink(t, file, link)
		articles, report, err := Load(context.Background(), link)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(articles); !slices.Equal(got, []string{"single"}) || report.Loaded != 1 || len(report.Skipped) != 0 {
			t.Errorf("got IDs %q, loaded %d, skipped %q; want [single], 1, none", got, report.Loaded, report.Skipped)
		}
	})
	t.Run("empty directory", func(t *testing.T) {
		articles, report, err := Load(context.Background(), t.TempDir())
		if err != nil || len(articles) != 0 || report.Loaded != 0 {
			t.Errorf("got %d articles, %+v, %v; want none and no error", len(articles), report, err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, _, err := Load(ctx, dir)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got error %v; want context.Canceled", err)
		}
	})
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"b/second.txt":  {Data: []byte("Second\n\nText two.")},
		"a/first.md":    {Data: []byte("---\ntitle: First\n---\nText one.")},
		"notes.docx":    {Data: []byte("PK")},
		"escape.txt":    {Data: []byte("../../etc/passwd"), Mode: fs.ModeSymlink},
		"absolute.txt":  {Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink},
		"inside.txt":    {Data: []byte("b/second.txt"), Mode: fs.ModeSymlink},
		".hidden/x.txt": {Data: []byte("Hidden\n\nText.")},
	}
	articles, report, err := LoadFS(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(articles), []string{"a/first", "b/second", "inside"}; !slices.Equal(got, want) {
		t.Errorf("IDs: got %q; want %q", got, want)
	}
	want := map[string]string{
		"notes.docx":   "unsupported extension .docx (use .txt, .md, .html or .jsonl)",
		"escape.txt":   "symlink leaves the corpus root",
		"absolute.txt": "symlink leaves the corpus root",
	}
	if got := skipMap(report.Skipped); !maps.Equal(got, want) {
		t.Errorf("Skipped: got %q; want %q", got, want)
	}
}

// deniedFS refuses to open some names, as a file system does for files the
// process may not read (which a test running as root cannot arrange on disk).
type deniedFS struct {
	fs.FS
	denied []string
}

func (d deniedFS) Open(name string) (fs.File, error) {
	if slices.Contains(d.denied, name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.FS.Open(name)
}

func TestLoadFSUnreadable(t *testing.T) {
	fsys := deniedFS{
		FS: fstest.MapFS{
			"ok.txt":            {Data: []byte("Fine\n\nReadable.")},
			"locked.txt":        {Data: []byte("Locked\n\nText.")},
			"closed/inside.txt": {Data: []byte("Inside\n\nText.")},
		},
		denied: []string{"locked.txt", "closed"},
	}
	articles, report, err := LoadFS(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(articles); !slices.Equal(got, []string{"ok"}) {
		t.Errorf("IDs: got %q; want [ok]", got)
	}
	want := map[string]string{"locked.txt": "unreadable: permission denied", "closed": "unreadable: permission denied"}
	if got := skipMap(report.Skipped); !maps.Equal(got, want) {
		t.Errorf("Skipped: got %q; want %q", got, want)
	}
}

// TestLoadWithKnown: a file Known vouches for is not read; one it does not,
// or one changed too recently to be sure of, is.
func TestLoadWithKnown(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	for _, c := range []struct {
		name       string
		mtime      time.Time
		known      bool
		wantUnread bool
		wantAsked  bool
	}{
		{"known and old: not read", old, true, true, true},
		{"not known: read", old, false, false, true},
		{"changed just now: read without asking", time.Now(), true, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "a.txt")
			if err := os.WriteFile(path, []byte("Title\n\nBody text."), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(path, c.mtime, c.mtime); err != nil {
				t.Fatal(err)
			}
			asked := false
			known := func(id string, f FileInfo) (string, bool) {
				asked = true
				if id != "a" || f.Size != 17 || f.ModTime != c.mtime.UnixNano() {
					t.Errorf("Known(%q, %+v); want a, 17 bytes, %d", id, f, c.mtime.UnixNano())
				}
				return "h1", c.known
			}
			articles, _, err := LoadWith(context.Background(), dir, LoadOptions{Known: known})
			if err != nil || len(articles) != 1 {
				t.Fatalf("LoadWith = %d articles, %v; want 1", len(articles), err)
			}
			a := articles[0]
			if a.Unread != c.wantUnread || asked != c.wantAsked {
				t.Errorf("Unread = %v, asked = %v; want %v, %v", a.Unread, asked, c.wantUnread, c.wantAsked)
			}
			if c.wantUnread && (a.Hash != "h1" || a.Text != "") {
				t.Errorf("unread article = %+v; want Known's hash and no text", a)
			}
			if !c.wantUnread && a.Text != "Body text." {
				t.Errorf("Text = %q; want the file read", a.Text)
			}
			if wantStamp := c.mtime.Before(time.Now().Add(-time.Minute)); (a.File != FileInfo{}) != wantStamp {
				t.Errorf("File = %+v; want a size and time: %v", a.File, wantStamp)
			}
		})
	}
}

// TestLoadLazy: a lazy load keeps no text, and ReadArticle reads the
// article again as it is now.
func TestLoadLazy(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"news/a.txt": "Title A\n\nBody of A.", "b.md": "# Title B\n\nBody of B.", "c.jsonl": `{"id": "c1", "title": "C", "text": "Body of C."}` + "\n"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	full, _, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	lazy, _, err := LoadWith(context.Background(), dir, LoadOptions{Lazy: true})
	if err != nil || len(lazy) != len(full) {
		t.Fatalf("LoadWith(Lazy) = %d articles, %v; want %d", len(lazy), err, len(full))
	}
	for i, a := range lazy {
		want := full[i]
		if a.ID != want.ID || a.Hash != want.Hash {
			t.Errorf("lazy article %d = %s %s; want %s %s", i, a.ID, a.Hash, want.ID, want.Hash)
		}
		if strings.HasPrefix(a.ID, "c/") { // a .jsonl line is kept whole
			if a.Unread || a.Text != want.Text {
				t.Errorf("lazy .jsonl article = %+v; want it read", a)
			}
			continue
		}
		if !a.Unread || a.Text != "" || a.Path == "" {
			t.Errorf("lazy article %s = %+v; want it unread, with its path", a.ID, a)
		}
		got, err := ReadArticle(dir, a)
		if err != nil || got.Text != want.Text || got.Hash != want.Hash || got.Title != want.Title {
			t.Errorf("ReadArticle(%s) = %q %q, %v; want %q", a.ID, got.Title, got.Text, err, want.Text)
		}
	}
	if err := os.Remove(filepath.Join(dir, "b.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadArticle(dir, Article{ID: "b", Path: "b.md"}); err == nil {
		t.Errorf("ReadArticle of a removed file = nil error; want one")
	}
}

// merge gives the same articles and report whether the files' single
// articles come in slots (reused in place as the result) or in results,
// and whether a file of several articles forces a copy.
func TestMergeSlots(t *testing.T) {
	art := func(id string) Article { return Article{ID: id, Title: "t " + id} }
	cases := []struct {
		name        string
		files       []string    // job names
		arts        [][]Article // each file's articles
		skipped     []string    // each file's skip reason, "" for none
		wantIDs     []string
		wantSkipped []Skip
	}{
		{
			name:    "one article a file, a duplicate and a skipped file",
			files:   []string{"b.txt", "a.md", "x.bin", "b.md"},
			arts:    [][]Article{{art("b")}, {art("a")}, nil, {art("b")}},
			skipped: []string{"", "", "not an article", ""},
			wantIDs: []string{"a", "b"},
			wantSkipped: []Skip{{Path: "x.bin", Reason: "not an article"},
				{Path: "b.md", Reason: "duplicate article ID b (also from b.txt)"}},
		},
		{
			name:        "a feed of several articles before single files",
			files:       []string{"feed.jsonl", "c.txt", "d.txt", "e.txt"},
			arts:        [][]Article{{art("feed/1"), art("feed/2"), art("feed/3")}, {art("c")}, {art("d")}, {art("feed/2")}},
			skipped:     []string{"", "", "", ""},
			wantIDs:     []string{"c", "d", "feed/1", "feed/2", "feed/3"},
			wantSkipped: []Skip{{Path: "e.txt", Reason: "duplicate article ID feed/2 (also from feed.jsonl)"}},
		},
	}
	for _, c := range cases {
		for _, useSlots := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/slots=%v", c.name, useSlots), func(t *testing.T) {
				jobs := make([]job, len(c.files))
				results := make([]result, len(c.files))
				var slots []Article
				if useSlots {
					slots = make([]Article, len(c.files))
				}
				for i, name := range c.files {
					jobs[i] = job{name: name}
					r := result{name: name, articles: slices.Clone(c.arts[i])}
					if c.skipped[i] != "" {
						r.skip(c.skipped[i])
					}
					if useSlots && len(r.articles) == 1 && len(r.skipped) == 0 {
						slots[i], r = r.articles[0], result{}
					}
					results[i] = r
				}
				got, report := merge(jobs, results, slots)
				var ids []string
				for _, a := range got {
					ids = append(ids, a.ID)
					if a.Title != "t "+a.ID {
						t.Errorf("article %s has the title %q; another article's fields were mixed in", a.ID, a.Title)
					}
				}
				if !slices.Equal(ids, c.wantIDs) {
					t.Errorf("articles %v; want %v", ids, c.wantIDs)
				}
				if !slices.Equal(report.Skipped, c.wantSkipped) {
					t.Errorf("skipped %+v; want %+v", report.Skipped, c.wantSkipped)
				}
				if report.Loaded != len(c.wantIDs) {
					t.Errorf("Loaded = %d; want %d", report.Loaded, len(c.wantIDs))
				}
			})
		}
	}
}
