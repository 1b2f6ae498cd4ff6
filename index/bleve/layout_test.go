package bleve

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index"
)

func openNamed(tb testing.TB, dir, name string) *Index {
	tb.Helper()
	ix, err := Open(context.Background(), dir, Options{Owner: "test", Name: name})
	if err != nil {
		tb.Fatalf("Open(%s, %q): %v", dir, name, err)
	}
	return ix
}

func update(tb testing.TB, ix *Index, arts []corpus.Article) index.Stats {
	tb.Helper()
	st, err := ix.Update(context.Background(), arts, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

// Two corpora in one data folder keep an index each: opening one does not
// replace the other's.
func TestNamedIndexesAreSeparate(t *testing.T) {
	dir := t.TempDir()
	harbourOnly := []corpus.Article{article(t, "harbour", harbour)}
	railAndChips := []corpus.Article{article(t, "rail", rail), article(t, "chips", chips)}
	steps := []struct {
		name string
		arts []corpus.Article
		want index.Stats
	}{
		{"a", harbourOnly, index.Stats{Added: 1}},
		{"b", railAndChips, index.Stats{Added: 2}},
		{"a", harbourOnly, index.Stats{Unchanged: 1}},
		{"b", railAndChips, index.Stats{Unchanged: 2}},
	}
	for i, s := range steps {
		ix := openNamed(t, dir, s.name)
		st := update(t, ix, s.arts)
		ix.Close()
		if st.Added != s.want.Added || st.Unchanged != s.want.Unchanged || st.Removed != 0 {
			t.Errorf("step %d (%s): stats %+v; want %d added, %d unchanged, none removed", i, s.name, st, s.want.Added, s.want.Unchanged)
		}
	}
	for _, name := range []string{"a", "b"} {
		if _, err := os.Stat(filepath.Join(dir, "index", name, "index_meta.json")); err != nil {
			t.Errorf("index %s: %v; want it in index/%s", name, err, name)
		}
	}
}

// An index of the earlier layout (dir/index itself) is taken over by the
// first named index opened, with its history, also when a crash stopped
// an earlier move half-way.
func TestNamedIndexTakesOverEarlierLayout(t *testing.T) {
	cases := []struct {
		name     string
		halfDone bool // the index was already moved aside, not yet into place
	}{
		{"earlier layout", false},
		{"move interrupted", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			arts := []corpus.Article{article(t, "harbour", harbour), article(t, "rail", rail)}
			ix := open(t, dir) // no Name: the earlier layout
			update(t, ix, arts)
			before := ix.Articles()
			ix.Close()
			if c.halfDone {
				if err := os.Rename(filepath.Join(dir, "index"), filepath.Join(dir, legacyMove)); err != nil {
					t.Fatal(err)
				}
			}

			ix = openNamed(t, dir, "embedded")
			defer ix.Close()
			st := update(t, ix, arts)
			if st.Unchanged != 2 || st.Added+st.Removed+st.Updated != 0 || st.Rebuilt {
				t.Errorf("stats %+v; want the 2 articles unchanged", st)
			}
			if got := ix.Articles(); len(got) != 2 || !got[0].FirstIndexed.Equal(before[0].FirstIndexed) {
				t.Errorf("articles %+v; want %+v, first indexed kept", got, before)
			}
			for _, gone := range []string{filepath.Join("index", "index_meta.json"), legacyMove} {
				if _, err := os.Stat(filepath.Join(dir, gone)); err == nil {
					t.Errorf("%s still there after the move", gone)
				}
			}
		})
	}
}

func TestNamedIndexRejectsPaths(t *testing.T) {
	for _, name := range []string{"../x", "a/b", ".."} {
		if ix, err := Open(context.Background(), t.TempDir(), Options{Name: name}); err == nil {
			ix.Close()
			t.Errorf("Open with Name %q: no error; want one", name)
		}
	}
}
