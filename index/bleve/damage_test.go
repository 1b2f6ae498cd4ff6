package bleve

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"newsdesk/corpus"
	"newsdesk/index"
)

// testArticles are the repository's test articles.
func testArticles(tb testing.TB) []corpus.Article {
	tb.Helper()
	arts, _, err := corpus.Load(context.Background(), "../../testdata/articles")
	if err != nil || len(arts) == 0 {
		tb.Fatalf("load testdata/articles: %d articles, %v", len(arts), err)
	}
	return arts
}

// segmentFiles returns the zap segment files of the index in dir.
func segmentFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	zaps, err := filepath.Glob(filepath.Join(dir, "index", "store", "*.zap"))
	if err != nil || len(zaps) == 0 {
		tb.Fatalf("no segment files in %s (%v)", dir, err)
	}
	return zaps
}

// overwrite writes data at offset off of the file at path, in place: a
// segment that bleve has open sees the new bytes through its mapping.
func overwrite(tb testing.TB, path string, off int64, data []byte) {
	tb.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(data, off); err != nil {
		tb.Fatal(err)
	}
}

// garbleBody overwrites every segment of the index in dir with random
// bytes from a quarter of the way in, up to 1 MB, and never the last 64
// bytes, so the footer zap reads first still makes sense.
func garbleBody(tb testing.TB, dir string) {
	tb.Helper()
	rng := rand.New(rand.NewSource(1))
	for _, z := range segmentFiles(tb, dir) {
		fi, err := os.Stat(z)
		if err != nil {
			tb.Fatal(err)
		}
		from := fi.Size() / 4
		junk := make([]byte, min(1<<20, fi.Size()-64-from))
		rng.Read(junk)
		overwrite(tb, z, from, junk)
	}
}

// blankBody overwrites the middle half of every segment of the index in dir
// with 0xFF bytes: zap fails to open the segment, with an error rather than
// a panic, and scorch goes back to an older state of the index, or to none.
func blankBody(tb testing.TB, dir string) {
	tb.Helper()
	for _, z := range segmentFiles(tb, dir) {
		fi, err := os.Stat(z)
		if err != nil {
			tb.Fatal(err)
		}
		overwrite(tb, z, fi.Size()/4, bytes.Repeat([]byte{0xFF}, int(fi.Size()/2)))
	}
}

// fallBack makes the index in dir look as if bleve had opened an older
// state of it than the last one committed, as scorch does when it cannot
// load the newest: the history file counts one commit more.
func fallBack(tb testing.TB, dir string) {
	tb.Helper()
	ix := &Index{dir: dir}
	h := ix.loadHistory()
	if h.Commits == 0 {
		tb.Fatal("no commits in the history file")
	}
	h.Commits++
	ix.saveHistory(manifest{Articles: h.Articles, Commits: h.Commits})
}

// garbleFooter points the sections index in each segment's footer far past
// the end of the file: zap slices out of range as it opens the segment.
func garbleFooter(tb testing.TB, dir string) {
	tb.Helper()
	for _, z := range segmentFiles(tb, dir) {
		fi, err := os.Stat(z)
		if err != nil {
			tb.Fatal(err)
		}
		// The footer ends: sections index offset (8), chunk mode (4),
		// version (4), CRC (4).
		overwrite(tb, z, fi.Size()-20, binary.BigEndian.AppendUint64(nil, 1<<40))
	}
}

// TestDamagedSegment damages the segment files of an index, closed or
// while it serves, and checks that nothing panics, that queries say the
// index is damaged and then being rebuilt, that /healthz would see it, and
// that the next Update rebuilds it from the corpus, after which the same
// question is answered again and every article keeps when it was first
// indexed.
func TestDamagedSegment(t *testing.T) {
	const question, answer = "harbour berths", "harbour-expansion"
	cases := []struct {
		name      string
		whileOpen bool // damage the files under the open index, not between runs
		damage    func(tb testing.TB, dir string)
	}{
		{"body damaged between runs", false, garbleBody},
		{"body blanked between runs", false, blankBody},
		{"footer damaged between runs", false, garbleFooter},
		{"an older state opened", false, fallBack},
		{"body damaged while serving", true, garbleBody},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			arts := testArticles(t)
			ix := open(t, dir)
			defer func() { ix.Close() }()
			if _, err := ix.Update(ctx, arts, nil); err != nil {
				t.Fatal(err)
			}
			if top := topArticle(t, ix, question); top != answer {
				t.Fatalf("before the damage, %q is answered from %q; want %q", question, top, answer)
			}
			before := ix.Articles()

			if c.whileOpen {
				settle(t, ix, dir)
				c.damage(t, dir)
				_, err := ix.Search(ctx, question, 5)
				if !errors.Is(err, index.ErrDamaged) {
					t.Fatalf("Search on a damaged segment: err = %v; want one matching index.ErrDamaged", err)
				}
			} else {
				ix.Close()
				c.damage(t, dir)
				ix = open(t, dir)
			}

			// Whether the check after the failure has run yet or not, the
			// index cannot answer until an Update has rebuilt it.
			if err := ix.Health(); !errors.Is(err, index.ErrRebuilding) {
				t.Errorf("Health = %v; want an error matching index.ErrRebuilding", err)
			}
			if _, err := ix.Search(ctx, question, 5); !errors.Is(err, index.ErrRebuilding) {
				t.Errorf("Search while rebuilding: err = %v; want one matching index.ErrRebuilding", err)
			}

			st, err := ix.Update(ctx, arts, nil)
			if err != nil {
				t.Fatalf("Update after the damage: %v", err)
			}
			if !st.Rebuilt || st.Added != len(arts) {
				t.Errorf("Update after the damage: stats %+v; want Rebuilt with %d added", st, len(arts))
			}
			if err := ix.Health(); err != nil {
				t.Errorf("Health after the rebuild = %v; want nil", err)
			}
			if top := topArticle(t, ix, question); top != answer {
				t.Errorf("after the rebuild, %q is answered from %q; want %q", question, top, answer)
			}
			if got := ix.Articles(); !slices.Equal(got, before) {
				t.Errorf("Articles after the rebuild = %+v; want them as before the damage, %+v", got, before)
			}
			if _, err := os.Stat(filepath.Join(dir, "index.damaged")); err != nil {
				t.Errorf("the damaged index was not kept aside: %v", err)
			}
		})
	}
}

// settle merges the segments of the open index ix in dir into one and
// waits until the files of the segments merged are gone, so that nothing
// scorch writes afterwards replaces the files a test then damages: a merge
// in flight as they are damaged may have read them before, and replaces
// them with a sound segment.
func settle(tb testing.TB, ix *Index, dir string) {
	tb.Helper()
	adv, err := ix.idx.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		tb.Fatalf("the index is a %T, not a scorch index", adv)
	}
	if err := s.ForceMerge(context.Background(), nil); err != nil {
		tb.Fatalf("merge the segments: %v", err)
	}
	for deadline := time.Now().Add(10 * time.Second); len(segmentFiles(tb, dir)) > 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			tb.Fatalf("the merged segments' files are still there after 10 s: %v", segmentFiles(tb, dir))
		}
	}
}

// topArticle returns the article of the best hit for q, "" for none.
func topArticle(tb testing.TB, ix *Index, q string) string {
	tb.Helper()
	hits, err := ix.Search(context.Background(), q, 5)
	if err != nil {
		tb.Fatalf("Search(%q): %v", q, err)
	}
	if len(hits) == 0 {
		return ""
	}
	return hits[0].Passage.ArticleID
}

// TestUpdateChecksBeforeWriting: damage that no query has met is found by
// the next Update, which rebuilds the index rather than have scorch merge
// the damaged segment.
func TestUpdateChecksBeforeWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	arts := testArticles(t)
	ix := open(t, dir)
	defer ix.Close()
	if _, err := ix.Update(ctx, arts, nil); err != nil {
		t.Fatal(err)
	}
	garbleBody(t, dir)
	st, err := ix.Update(ctx, arts, nil)
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if !st.Rebuilt || st.Added != len(arts) || st.Unchanged != 0 {
		t.Errorf("stats = %+v; want the index rebuilt, %d added", st, len(arts))
	}
	if err := ix.Health(); err != nil {
		t.Errorf("Health = %v; want nil", err)
	}
}
