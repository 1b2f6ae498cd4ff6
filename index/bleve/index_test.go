package bleve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"

	"newsdesk/corpus"
	"newsdesk/corpus/figures/figurestest"
	"newsdesk/corpus/split"
	"newsdesk/index"
)

func article(tb testing.TB, id, text string) corpus.Article {
	tb.Helper()
	a, err := corpus.Parse(id+".txt", []byte(text))
	if err != nil {
		tb.Fatalf("parse %s: %v", id, err)
	}
	return a
}

func open(tb testing.TB, dir string) *Index {
	tb.Helper()
	ix, err := Open(context.Background(), dir, Options{Owner: "test"})
	if err != nil {
		tb.Fatalf("Open(%s): %v", dir, err)
	}
	return ix
}

var (
	harbour = "Harbour plan approved\n\nThe city council approved a new harbour plan on Tuesday. The plan costs £40m and adds 300 berths.\n\nFishermen welcomed the decision.\n"
	chips   = "Chip exports rise\n\nSemiconductor exports rose 12% in the first quarter. Taiwan shipped more wafers than ever.\n"
	rail    = "Rail strike called off\n\nUnions called off the rail strike after talks. Trains will run normally on Monday.\n"
)

func TestUpdateIsIncremental(t *testing.T) {
	ctx := context.Background()
	ix := open(t, t.TempDir())
	defer ix.Close()

	steps := []struct {
		name     string
		articles []corpus.Article
		want     index.Stats // counts only
		query    string
		wantTop  string // article ID of the best hit; "" = no hit
	}{
		{"first build", []corpus.Article{article(t, "harbour", harbour), article(t, "chips", chips)},
			index.Stats{Added: 2, Rebuilt: true}, "harbour berths", "harbour"},
		{"nothing changed", []corpus.Article{article(t, "harbour", harbour), article(t, "chips", chips)},
			index.Stats{Unchanged: 2}, "semiconductor exports", "chips"},
		{"one changed, one added", []corpus.Article{
			article(t, "harbour", strings.Replace(harbour, "300 berths", "500 moorings", 1)),
			article(t, "chips", chips), article(t, "rail", rail)},
			index.Stats{Added: 1, Updated: 1, Unchanged: 1}, "moorings", "harbour"},
		{"old text is gone after update", nil, index.Stats{}, "berths", ""},
		{"one removed", []corpus.Article{article(t, "rail", rail), article(t, "chips", chips)},
			index.Stats{Removed: 1, Unchanged: 2}, "harbour plan", ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.articles != nil {
				st, err := ix.Update(ctx, s.articles, nil)
				if err != nil {
					t.Fatalf("Update: %v", err)
				}
				got := index.Stats{Added: st.Added, Updated: st.Updated, Removed: st.Removed, Unchanged: st.Unchanged, Rebuilt: st.Rebuilt}
				if got != s.want {
					t.Errorf("stats = %+v; want %+v", got, s.want)
				}
			}
			hits, err := ix.Search(ctx, s.query, 3)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			top := ""
			if len(hits) > 0 {
				top = hits[0].Passage.ArticleID
			}
			if top != s.wantTop {
				t.Errorf("Search(%q) top = %q; want %q", s.query, top, s.wantTop)
			}
		})
	}
}

func TestSearchHit(t *testing.T) {
	ctx := context.Background()
	ix := open(t, t.TempDir())
	defer ix.Close()
	if _, err := ix.Update(ctx, []corpus.Article{article(t, "harbour", harbour), article(t, "chips", chips)}, nil); err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Search(ctx, "harbour plan cost", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Fatal("no hits")
	}
	h := hits[0]
	if h.Title != "Harbour plan approved" || h.Source != "harbour.txt" || h.Passage.ID != "harbour#1" {
		t.Errorf("hit = %q %q %q; want title, source harbour.txt, passage harbour#1", h.Title, h.Source, h.Passage.ID)
	}
	if !strings.Contains(h.Passage.Text, "£40m") {
		t.Errorf("passage text = %q; want the £40m sentence", h.Passage.Text)
	}
	for _, term := range []string{"harbour", "plan", "cost"} {
		if !slices.Contains(h.Terms, term) {
			t.Errorf("terms = %v; want %q among them", h.Terms, term)
		}
	}
	text, err := ix.ArticleText(ctx, "harbour")
	if err != nil || !strings.Contains(text, h.Passage.Text) {
		t.Errorf("ArticleText = %q, %v; want the text holding the passage", text, err)
	}
	if _, err := ix.ArticleText(ctx, "nope"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("ArticleText(nope) error = %v; want index.ErrNotFound", err)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ix.Search(cancelled, "harbour", 5); !errors.Is(err, context.Canceled) {
		t.Errorf("Search with cancelled ctx: err = %v; want context.Canceled", err)
	}
}

func TestOpenLocked(t *testing.T) {
	dir := t.TempDir()
	ix := open(t, dir)
	_, err := Open(context.Background(), dir, Options{Owner: "second"})
	var le *index.LockedError
	if !errors.Is(err, index.ErrLocked) || !errors.As(err, &le) {
		t.Fatalf("second Open error = %v; want index.ErrLocked", err)
	}
	if !strings.Contains(le.Holder, "pid "+strconv.Itoa(os.Getpid())) || !strings.Contains(le.Holder, "test") {
		t.Errorf("holder = %q; want it to name pid %d (test)", le.Holder, os.Getpid())
	}
	ix.Close()
	ix2, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	ix2.Close()
}

func TestOpenRebuildsStaleOrDamaged(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		damage func(tb testing.TB, dir string)
	}{
		{"other format version", func(tb testing.TB, dir string) {
			idx, err := blevesearch.Open(filepath.Join(dir, "index"))
			if err != nil {
				tb.Fatal(err)
			}
			defer idx.Close()
			if err := idx.SetInternal(manifestKey, manifest{Format: "newsdesk-index/0"}.encode()); err != nil {
				tb.Fatal(err)
			}
		}},
		{"damaged root", func(tb testing.TB, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "index", "store", "root.bolt"), []byte("garbage"), 0o600); err != nil {
				tb.Fatal(err)
			}
		}},
		{"missing metadata", func(tb testing.TB, dir string) {
			if err := os.Remove(filepath.Join(dir, "index", "index_meta.json")); err != nil {
				tb.Fatal(err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			ix := open(t, dir)
			arts := []corpus.Article{article(t, "harbour", harbour)}
			if _, err := ix.Update(ctx, arts, nil); err != nil {
				t.Fatal(err)
			}
			ix.Close()
			c.damage(t, dir)

			ix = open(t, dir)
			defer ix.Close()
			st, err := ix.Update(ctx, arts, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !st.Rebuilt || st.Added != 1 {
				t.Errorf("stats = %+v; want Rebuilt with 1 added", st)
			}
			if hits, _ := ix.Search(ctx, "harbour", 1); len(hits) != 1 {
				t.Errorf("got %d hits after rebuild; want 1", len(hits))
			}
		})
	}
}

func TestReopenIsIncremental(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	arts := []corpus.Article{article(t, "harbour", harbour), article(t, "rail", rail)}
	ix := open(t, dir)
	if _, err := ix.Update(ctx, arts, nil); err != nil {
		t.Fatal(err)
	}
	first := ix.Articles()
	ix.Close()

	ix = open(t, dir)
	defer ix.Close()
	st, err := ix.Update(ctx, arts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Unchanged != 2 || st.Added+st.Updated+st.Removed != 0 || st.Rebuilt {
		t.Errorf("stats after reopen = %+v; want 2 unchanged only", st)
	}
	if got := ix.Articles(); !slices.Equal(got, first) {
		t.Errorf("Articles after reopen = %+v; want %+v", got, first)
	}
}

func TestUpdateKeepsFirstIndexed(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	ix, err := Open(ctx, t.TempDir(), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Update(ctx, []corpus.Article{article(t, "rail", rail)}, nil); err != nil {
		t.Fatal(err)
	}
	later := now.Add(24 * time.Hour)
	now = later
	if _, err := ix.Update(ctx, []corpus.Article{article(t, "rail", rail+"\nMore trains on Tuesday.\n")}, nil); err != nil {
		t.Fatal(err)
	}
	got := ix.Articles()[0]
	if !got.FirstIndexed.Equal(later.Add(-24*time.Hour)) || !got.Updated.Equal(later) {
		t.Errorf("first indexed %v, updated %v; want %v and %v", got.FirstIndexed, got.Updated, later.Add(-24*time.Hour), later)
	}
}

// manyArticles makes n small distinct articles. It panics on a parse error:
// it also runs in the crash child, which has no *testing.T.
func manyArticles(n int) []corpus.Article {
	out := make([]corpus.Article, n)
	for i := range out {
		a, err := corpus.Parse(fmt.Sprintf("a%05d.txt", i), fmt.Appendf(nil, "Report number %d\n\nThe town of Place%d counted %d visitors in 2024. Officials expect more next year.\n", i, i, 100+i))
		if err != nil {
			panic(err)
		}
		out[i] = a
	}
	return out
}

// TestCrashDuringUpdate kills a process with SIGKILL while it indexes, at
// several moments, and checks the index opens, answers, and finishes the job.
func TestCrashDuringUpdate(t *testing.T) {
	if dir := os.Getenv("NEWSDESK_CRASH_CHILD"); dir != "" {
		crashChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("spawns processes")
	}
	const n = 2000
	for _, killAfter := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("after %d progress reports", killAfter), func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestCrashDuringUpdate$")
			cmd.Env = append(os.Environ(), "NEWSDESK_CRASH_CHILD="+dir, "NEWSDESK_CRASH_N="+strconv.Itoa(n))
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			seen := 0
			for seen < killAfter && sc.Scan() {
				if strings.HasPrefix(sc.Text(), "progress") {
					seen++
				}
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()

			ix := open(t, dir)
			defer ix.Close()
			ctx := context.Background()
			if _, err := ix.Search(ctx, "visitors", 3); err != nil {
				t.Fatalf("Search after crash: %v", err)
			}
			st, err := ix.Update(ctx, manyArticles(n), nil)
			if err != nil {
				t.Fatalf("Update after crash: %v", err)
			}
			if st.Added+st.Unchanged != n || st.Updated != 0 || st.Removed != 0 {
				t.Errorf("stats after crash = %+v; want added+unchanged = %d", st, n)
			}
			hits, err := ix.Search(ctx, "Place1999", 1)
			if err != nil || len(hits) != 1 || hits[0].Passage.ArticleID != "a01999" {
				t.Errorf("Search(Place1999) = %v, %v; want a01999", hits, err)
			}
		})
	}
}

func crashChild(dir string) {
	n, _ := strconv.Atoi(os.Getenv("NEWSDESK_CRASH_N"))
	ix, err := Open(context.Background(), dir, Options{BatchSize: 600})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	_, err = ix.Update(context.Background(), manyArticles(n), func(done, total int) {
		fmt.Printf("progress %d/%d\n", done, total)
	})
	fmt.Println("done", err)
	ix.Close()
	os.Exit(0)
}

// TestUncommittedUpdate stops an update after its documents are written and
// before its commit, as a crash would, and checks that nothing it wrote is
// citable, that the next update re-indexes what was pending, and that the
// documents of a pending article that left the corpus are deleted.
func TestUncommittedUpdate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix := open(t, dir)
	if _, err := ix.Update(ctx, []corpus.Article{article(t, "rail", rail)}, nil); err != nil {
		t.Fatal(err)
	}
	ix.crashBeforeCommit = true
	changed := article(t, "rail", strings.Replace(rail, "normally", "a reduced timetable", 1))
	if _, err := ix.Update(ctx, []corpus.Article{changed, article(t, "harbour", harbour)}, nil); !errors.Is(err, errCrashed) {
		t.Fatalf("Update error = %v; want the simulated crash", err)
	}
	if hits, _ := ix.Search(ctx, "harbour berths", 5); len(hits) != 0 {
		t.Errorf("Search(harbour berths) after an uncommitted update = %d hits (%s); want none", len(hits), hits[0].Passage.ID)
	}
	// The changed article's new passages are written but not committed:
	// they are not cited under the old version's manifest entry.
	if hits, _ := ix.Search(ctx, "reduced timetable", 5); len(hits) != 0 {
		t.Errorf("Search(reduced timetable) after an uncommitted update = %s; want no hit", hits[0].Passage.ID)
	}
	if figs, _ := ix.Figures(ctx, "berths", "", 5); len(figs) != 0 {
		t.Errorf("Figures(berths) after an uncommitted update = %+v; want none", figs)
	}
	ix.Close()

	// Restart: "harbour" left the corpus while the process was down.
	ix = open(t, dir)
	defer ix.Close()
	st, err := ix.Update(ctx, []corpus.Article{changed}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Updated != 1 || st.Added != 0 || st.Removed != 0 {
		t.Errorf("stats = %+v; want the pending article re-indexed (1 updated)", st)
	}
	if hits, _ := ix.Search(ctx, "reduced timetable", 1); len(hits) != 1 {
		t.Errorf("the re-indexed article is not searchable")
	}
	if _, err := ix.ArticleText(ctx, "harbour"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("ArticleText(harbour) error = %v; want index.ErrNotFound (orphan deleted)", err)
	}
	if pending, _ := ix.readPending(); len(pending) != 0 {
		t.Errorf("pending after a clean update = %v; want none", pending)
	}
}

// TestOpenNeverDeletesALiveIndex: where the folder lock is unavailable, an
// index that another process holds open is reported as locked, not
// mistaken for a damaged one and rebuilt under it.
func TestOpenNeverDeletesALiveIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for bleve's lock timeout")
	}
	dir := t.TempDir()
	ix := open(t, dir)
	if _, err := ix.Update(context.Background(), []corpus.Article{article(t, "rail", rail)}, nil); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	other := &Index{dir: dir, now: time.Now, batch: defaultBatch} // as if on a system without flock
	err := other.open()
	if !errors.Is(err, index.ErrLocked) {
		t.Fatalf("open of a held index = %v; want index.ErrLocked", err)
	}
	if hits, err := ix.Search(context.Background(), "rail strike", 1); err != nil || len(hits) != 1 {
		t.Errorf("the first index no longer answers: %v, %v", hits, err)
	}
}

// TestRebuildKeepsFirstIndexed: an index of an older format is rebuilt, but
// its articles keep the time they were first indexed, so the digest does
// not announce them again.
func TestRebuildKeepsFirstIndexed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	then := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	ix, err := Open(ctx, dir, Options{Now: func() time.Time { return then }})
	if err != nil {
		t.Fatal(err)
	}
	arts := []corpus.Article{article(t, "rail", rail)}
	if _, err := ix.Update(ctx, arts, nil); err != nil {
		t.Fatal(err)
	}
	ix.mu.RLock()
	old := ix.man
	ix.mu.RUnlock()
	ix.Close()

	// Pretend the index was written by an older binary.
	idx, err := blevesearch.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	old.Format = "newsdesk-index/0"
	if err := idx.SetInternal(manifestKey, old.encode()); err != nil {
		t.Fatal(err)
	}
	idx.Close()

	later := then.Add(48 * time.Hour)
	ix, err = Open(ctx, dir, Options{Now: func() time.Time { return later }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st, err := ix.Update(ctx, arts, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := ix.Articles()[0]
	if !st.Rebuilt || !got.FirstIndexed.Equal(then) || !got.Updated.Equal(then) {
		t.Errorf("after rebuild: rebuilt %v, first indexed %v, updated %v; want rebuilt, both %v", st.Rebuilt, got.FirstIndexed, got.Updated, then)
	}
}

// TestUpdateLargeArticleSpansBatches indexes an article of more documents
// than a batch holds, so that they span batches, and changes it to fewer
// and more passages, once through an update that did not commit: every
// passage of the current version is citable and no document of an earlier
// one is left.
func TestUpdateLargeArticleSpansBatches(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const batch = 8
	ix, err := Open(ctx, dir, Options{Owner: "test", BatchSize: batch})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { ix.Close() }()
	steps := []struct {
		name   string
		size   int  // bytes of figurestest.Dense text
		crash  bool // the update stops before its commit; the next step's update finishes it
		reopen bool // the index is closed and opened again before the update
	}{
		{"first version", 20 << 10, false, false},
		{"fewer passages", 12 << 10, false, false},
		{"more passages", 30 << 10, false, false},
		{"uncommitted", 16 << 10, true, false},
		{"after the uncommitted update", 24 << 10, false, true},
	}
	railN := len(split.Passages(article(t, "rail", rail)))
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.reopen {
				ix.Close()
				if ix, err = Open(ctx, dir, Options{Owner: "test", BatchSize: batch}); err != nil {
					t.Fatal(err)
				}
			}
			big := article(t, "big", strings.Replace(figurestest.Dense(s.size), "Results", s.name, 1))
			ix.crashBeforeCommit = s.crash
			_, err := ix.Update(ctx, []corpus.Article{big, article(t, "rail", rail)}, nil)
			if s.crash {
				if !errors.Is(err, errCrashed) {
					t.Fatalf("Update error = %v; want the simulated crash", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			n := len(split.Passages(big))
			if n <= 2*batch {
				t.Fatalf("the article has %d passages; want more than two batches of %d", n, batch)
			}
			var ids, stale []string
			for i := 1; i <= n; i++ {
				ids = append(ids, passageID("big", i))
			}
			for i := n + 1; i <= n+40; i++ {
				stale = append(stale, passageID("big", i))
			}
			if hits, err := ix.Passages(ctx, ids, ""); err != nil || len(hits) != n {
				t.Errorf("Passages(big#1…%d) = %d hits, %v; want %d", n, len(hits), err, n)
			}
			if hits, _ := ix.Passages(ctx, stale, ""); len(hits) != 0 {
				t.Errorf("Passages beyond big#%d = %d hits; want none", n, len(hits))
			}
			if count, err := ix.idx.DocCount(); err != nil || count != uint64(1+n+1+railN) {
				t.Errorf("DocCount = %d, %v; want %d (two articles, %d and %d passages)", count, err, 1+n+1+railN, n, railN)
			}
		})
	}
}

// TestKnown: the index vouches for a file whose size and time are those of
// the version it indexed, and for no other; an unread article it vouched
// for is kept, and one it cannot keep is an error matching
// index.ErrUnread.
func TestKnown(t *testing.T) {
	ctx := context.Background()
	ix := open(t, t.TempDir())
	defer ix.Close()
	stamped := func(a corpus.Article, size int64) corpus.Article {
		a.File = corpus.FileInfo{Size: size, ModTime: 1e18}
		return a
	}
	unread := func(a corpus.Article, size int64) corpus.Article {
		return corpus.Article{ID: a.ID, Hash: a.Hash, File: corpus.FileInfo{Size: size, ModTime: 1e18}, Unread: true}
	}
	h, c, r := article(t, "harbour", harbour), article(t, "chips", chips), article(t, "rail", rail)
	if _, err := ix.Update(ctx, []corpus.Article{stamped(h, 10), c}, nil); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name      string
		articles  []corpus.Article
		wantErr   error
		unchanged int
		known     map[string]int64 // article → size Known vouches for after the step
	}{
		{"an unread article vouched for is unchanged", []corpus.Article{unread(h, 10), c}, nil, 2, map[string]int64{"harbour": 10}},
		{"a file given a time is stamped without rewriting", []corpus.Article{unread(h, 10), stamped(c, 20)}, nil, 2, map[string]int64{"harbour": 10, "chips": 20}},
		{"an unread article not indexed is an error", []corpus.Article{unread(h, 10), unread(r, 5)}, index.ErrUnread, 0, map[string]int64{"harbour": 10, "chips": 20}},
		{"a file read again with a new size is vouched for at it", []corpus.Article{stamped(h, 11), unread(c, 20)}, nil, 2, map[string]int64{"harbour": 11, "chips": 20}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			st, err := ix.Update(ctx, s.articles, nil)
			if !errors.Is(err, s.wantErr) || err == nil && st.Unchanged != s.unchanged {
				t.Errorf("Update = %+v, %v; want %d unchanged, error %v", st, err, s.unchanged, s.wantErr)
			}
			for id, size := range s.known {
				want := map[string]string{"harbour": h.Hash, "chips": c.Hash}[id]
				if got, ok := ix.Known(id, corpus.FileInfo{Size: size, ModTime: 1e18}); !ok || got != want {
					t.Errorf("Known(%s, %d bytes) = %q, %v; want its hash", id, size, got, ok)
				}
				if _, ok := ix.Known(id, corpus.FileInfo{Size: size + 100, ModTime: 1e18}); ok {
					t.Errorf("Known(%s, another size) = true; want false", id)
				}
			}
		})
	}
	if _, ok := ix.Known("rail", corpus.FileInfo{Size: 5, ModTime: 1e18}); ok {
		t.Errorf("Known(rail) = true; want false for an article not indexed")
	}
	ix.crashBeforeCommit = true
	if _, err := ix.Update(ctx, []corpus.Article{stamped(article(t, "harbour", rail), 12), unread(c, 20)}, nil); !errors.Is(err, errCrashed) {
		t.Fatalf("Update = %v; want the simulated crash", err)
	}
	if _, ok := ix.Known("harbour", corpus.FileInfo{Size: 11, ModTime: 1e18}); ok {
		t.Errorf("Known(harbour) after an interrupted update of it = true; want false: it is written again")
	}
}

// TestUpdateReadsUnread: with Options.Read, an unread article that has to
// be written is read when it is, and answers as one given whole.
func TestUpdateReadsUnread(t *testing.T) {
	ctx := context.Background()
	full := map[string]corpus.Article{}
	var stubs []corpus.Article
	for id, text := range map[string]string{"harbour": harbour, "chips": chips} {
		a := article(t, id, text)
		full[id] = a
		stubs = append(stubs, corpus.Article{ID: a.ID, Hash: a.Hash, Unread: true})
	}
	var reads atomic.Int64 // Read is called from several goroutines
	read := func(ctx context.Context, a corpus.Article) (corpus.Article, error) {
		reads.Add(1)
		return full[a.ID], nil
	}
	ix, err := Open(ctx, t.TempDir(), Options{Owner: "test", Read: read})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, c := range []struct {
		name      string
		wantAdded int
		wantReads int64
	}{{"new articles are read", 2, 2}, {"unchanged ones are not", 0, 2}} {
		t.Run(c.name, func(t *testing.T) {
			st, err := ix.Update(ctx, stubs, nil)
			if n := reads.Load(); err != nil || st.Added != c.wantAdded || n != c.wantReads {
				t.Errorf("Update = %+v, %v, %d reads; want %d added, %d reads", st, err, n, c.wantAdded, c.wantReads)
			}
			if top := topArticle(t, ix, "harbour berths"); top != "harbour" {
				t.Errorf("harbour berths answered from %q; want harbour", top)
			}
		})
	}
}
