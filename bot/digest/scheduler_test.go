package digest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	stateBolt "newsdesk/bot/state/bolt"
	"newsdesk/corpus"
	"newsdesk/index"
	"newsdesk/internal/testkit"
)

// fakePublisher is a channel in memory: Publish appends the digest,
// Find looks for the publisher's own post of a date among the messages
// since a time, as Slack's conversations.history would.
type fakePublisher struct {
	now func() time.Time

	mu     sync.Mutex
	posts  []digestPost
	refuse int // Publish refuses (ErrRefused) this many times first
}

type digestPost struct {
	Channel string
	TS      string
	Date    string
	Mine    bool // posted by the publisher, not by a person
	Digest  Digest
	At      time.Time // the fake clock when it was posted
}

func (f *fakePublisher) Publish(_ context.Context, channel string, d Digest) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refuse > 0 {
		f.refuse--
		return "", fmt.Errorf("chat.postMessage in %s: not_in_channel: %w", channel, ErrRefused)
	}
	at := f.now()
	p := digestPost{Channel: channel, Date: d.Date, Mine: true, Digest: d, At: at,
		TS: fmt.Sprintf("%d.%06d", at.Unix(), len(f.posts)+1)}
	f.posts = append(f.posts, p)
	return p.TS, nil
}

func (f *fakePublisher) Find(_ context.Context, channel, date string, since time.Time) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range slices.Backward(f.posts) {
		if p.Mine && p.Channel == channel && p.Date == date && !p.At.Before(since) {
			return p.TS, true, nil
		}
	}
	return "", false, nil
}

func (f *fakePublisher) posted() []digestPost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.posts)
}

func (f *fakePublisher) forget() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts = nil
}

// memStore is an ArticleStore in memory, with the index's ordering.
type memStore struct {
	mu    sync.Mutex
	infos map[string]index.ArticleInfo
	arts  map[string]corpus.Article
}

// digestDay is the Monday the digest tests start on.
var digestDay = time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)

// newDigestRig is a clock, a channel on it and an empty article store:
// what each digest test starts from.
func newDigestRig() (*testkit.Clock, *fakePublisher, *memStore) {
	clock := testkit.NewClock(time.Time{})
	return clock, &fakePublisher{now: clock.Now}, newMemStore()
}

func newMemStore() *memStore {
	return &memStore{infos: map[string]index.ArticleInfo{}, arts: map[string]corpus.Article{}}
}

// add indexes a small article at time at.
func (s *memStore) add(id, title string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	text := title + " happened. Officials said 12 schools were closed."
	s.arts[id] = corpus.Article{ID: id, Title: title, Text: text,
		Sections: []corpus.Section{{Paragraphs: []string{text}}}}
	info := index.ArticleInfo{ID: id, Title: title, Source: id + ".txt", URL: "https://example.com/" + id,
		FirstIndexed: at, Updated: at}
	if old, ok := s.infos[id]; ok {
		info.FirstIndexed = old.FirstIndexed
	}
	s.infos[id] = info
}

func (s *memStore) Articles() []index.ArticleInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]index.ArticleInfo, 0, len(s.infos))
	for _, a := range s.infos {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b index.ArticleInfo) int {
		if c := b.FirstIndexed.Compare(a.FirstIndexed); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

func (s *memStore) Article(_ context.Context, id string) (corpus.Article, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.arts[id]
	if !ok {
		return corpus.Article{}, index.ErrNotFound
	}
	return a, nil
}

// digestRun is one scheduler process: a Scheduler on a state folder, run
// on the fake clock from from until until.
type digestRun struct {
	dir       string
	loc       *time.Location
	hour, min int
	postEmpty bool
}

func (r digestRun) run(tb testing.TB, f *fakePublisher, clock *testkit.Clock, store Index, from, until time.Time) {
	tb.Helper()
	clock.Run(from, until)
	st, err := stateBolt.Open(r.dir, stateBolt.Options{Now: clock.Now})
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	d := NewScheduler(store, nil, Options{
		Channel: "C0DIGEST", Hour: r.hour, Minute: r.min, Location: r.loc, PostEmpty: r.postEmpty,
		Now: clock.Now, Sleep: clock.Sleep,
	})
	if err := d.Run(context.Background(), f, st); err != nil {
		tb.Fatalf("Run: %v", err)
	}
}

func mustZone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Skipf("time zone %s not available: %v", name, err)
	}
	return loc
}

// postDates lists the date of each post.
func postDates(posts []digestPost) []string {
	var out []string
	for _, p := range posts {
		out = append(out, p.Date)
	}
	return out
}

func TestSchedule(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	at := func(loc *time.Location, s string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name        string
		loc         *time.Location
		hour, min   int
		postEmpty   bool
		from, until string
		wantDates   []string
		wantAfter   string // the (first) post is at or after this local time
		wantBefore  string // … and before this one
	}{
		{name: "posts at the configured time", loc: time.UTC, hour: 8, from: "2025-03-03 06:00", until: "2025-03-03 23:00",
			wantDates: []string{"2025-03-03"}, wantAfter: "2025-03-03 08:00", wantBefore: "2025-03-03 08:01"},
		{name: "nothing before the time", loc: time.UTC, hour: 8, from: "2025-03-03 06:00", until: "2025-03-03 07:59"},
		{name: "down at 08:00, up at 09:35: one catch-up post", loc: time.UTC, hour: 8, from: "2025-03-03 09:35", until: "2025-03-03 23:59",
			wantDates: []string{"2025-03-03"}, wantAfter: "2025-03-03 09:35", wantBefore: "2025-03-03 09:36"},
		{name: "DST fall-back day, time in the repeated hour", loc: ny, hour: 1, min: 30, from: "2025-11-02 00:00", until: "2025-11-02 23:00",
			wantDates: []string{"2025-11-02"}, wantAfter: "2025-11-02 01:30", wantBefore: "2025-11-02 01:31"},
		{name: "DST fall-back day at 08:00", loc: ny, hour: 8, from: "2025-11-02 00:00", until: "2025-11-03 00:00",
			wantDates: []string{"2025-11-02"}, wantAfter: "2025-11-02 08:00", wantBefore: "2025-11-02 08:01"},
		{name: "DST spring-forward day, time in the skipped hour", loc: ny, hour: 2, min: 30, from: "2025-03-09 00:00", until: "2025-03-09 23:00",
			wantDates: []string{"2025-03-09"}, wantAfter: "2025-03-09 01:00", wantBefore: "2025-03-09 04:00"},
		{name: "DST spring-forward day at 08:00", loc: ny, hour: 8, from: "2025-03-09 00:00", until: "2025-03-10 00:00",
			wantDates: []string{"2025-03-09"}, wantAfter: "2025-03-09 08:00", wantBefore: "2025-03-09 08:01"},
		{name: "one post a day across fall-back", loc: ny, hour: 1, min: 30, postEmpty: true, from: "2025-10-31 00:00", until: "2025-11-04 00:00",
			wantDates: []string{"2025-10-31", "2025-11-01", "2025-11-02", "2025-11-03"}},
		{name: "one post a day across spring-forward", loc: ny, hour: 2, min: 30, postEmpty: true, from: "2025-03-07 00:00", until: "2025-03-11 00:00",
			wantDates: []string{"2025-03-07", "2025-03-08", "2025-03-09", "2025-03-10"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock, f, store := newDigestRig()
			from := at(tt.loc, tt.from)
			store.add("a1", "Rail strike ends", from.Add(-time.Hour))
			r := digestRun{dir: t.TempDir(), loc: tt.loc, hour: tt.hour, min: tt.min, postEmpty: tt.postEmpty}
			r.run(t, f, clock, store, from, at(tt.loc, tt.until))

			posts := f.posted()
			if got := postDates(posts); !slices.Equal(got, tt.wantDates) {
				t.Fatalf("posted for dates %v; want %v", got, tt.wantDates)
			}
			if tt.wantAfter != "" {
				lo, hi := at(tt.loc, tt.wantAfter), at(tt.loc, tt.wantBefore)
				if got := posts[0].At; got.Before(lo) || !got.Before(hi) {
					t.Errorf("posted at %v; want in [%v, %v)", got.In(tt.loc), lo, hi)
				}
			}
		})
	}
}

func TestDigestRestartDoesNotRepost(t *testing.T) {
	clock, f, store := newDigestRig()
	day := digestDay
	store.add("a1", "Rail strike ends", day)
	r := digestRun{dir: t.TempDir(), loc: time.UTC, hour: 8}
	r.run(t, f, clock, store, day.Add(7*time.Hour), day.Add(9*time.Hour))
	// a restart later the same day, on the same data folder
	r.run(t, f, clock, store, day.Add(9*time.Hour+5*time.Minute), day.Add(23*time.Hour))
	if got := len(f.posted()); got != 1 {
		t.Errorf("posts after a restart = %d; want 1", got)
	}
}

func TestDigestCrashBetweenPostAndRecord(t *testing.T) {
	tests := []struct {
		name      string
		landed    bool // the post reached Slack before the crash
		quoted    bool // someone else pasted the digest's tag into the channel
		wantPosts int
	}{
		{name: "post landed: found in history, not posted again", landed: true, wantPosts: 1},
		{name: "post never landed: posted once", landed: false, wantPosts: 1},
		{name: "post never landed, tag quoted by a person: posted once", landed: false, quoted: true, wantPosts: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock, f, store := newDigestRig()
			day := digestDay
			store.add("a1", "Rail strike ends", day)
			r := digestRun{dir: t.TempDir(), loc: time.UTC, hour: 8}
			r.run(t, f, clock, store, day.Add(7*time.Hour), day.Add(8*time.Hour+30*time.Minute))
			first := f.posted()
			if len(first) != 1 {
				t.Fatalf("first run posted %d; want 1", len(first))
			}

			// Put the state back as a crash right after chat.postMessage
			// would have left it: the date marked "posting", nothing recorded.
			ctx := context.Background()
			st, err := stateBolt.Open(r.dir, stateBolt.Options{Now: clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			s, err := load(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			rec := s.Days["2025-03-03"]
			if rec.Status != dayPosted || rec.TS != first[0].TS {
				t.Fatalf("recorded %+v; want posted with ts %s", rec, first[0].TS)
			}
			rec.Status, rec.TS, rec.Next = dayPosting, "", s.Mark
			s.Days["2025-03-03"], s.Mark = rec, nil
			if err := st.Save(ctx, section, s); err != nil {
				t.Fatal(err)
			}
			st.Close()
			if !tt.landed {
				f.forget()
			}
			if tt.quoted {
				f.mu.Lock()
				f.posts = append(f.posts, digestPost{Channel: "C0DIGEST", Date: "2025-03-03", TS: first[0].TS, At: first[0].At})
				f.mu.Unlock()
			}

			r.run(t, f, clock, store, day.Add(9*time.Hour), day.Add(23*time.Hour))
			posts := f.posted()
			if got := len(posts); got != tt.wantPosts {
				t.Fatalf("messages in the channel = %d; want %d", got, tt.wantPosts)
			}
			mine := posts[len(posts)-1]
			st, err = stateBolt.Open(r.dir, stateBolt.Options{Now: clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			s, _ = load(ctx, st)
			if got := s.Days["2025-03-03"]; got.Status != dayPosted || got.TS != mine.TS {
				t.Errorf("recorded %+v; want posted with ts %s", got, mine.TS)
			}
			if s.Mark == nil {
				t.Error("mark not recorded after recovery; the next digest would repeat every article")
			}
		})
	}
}

func TestDigestEmptyDay(t *testing.T) {
	tests := []struct {
		name      string
		postEmpty bool
		wantPosts int
	}{
		{name: "nothing new: no post", postEmpty: false, wantPosts: 1},
		{name: "nothing new, NEWSDESK_DIGEST_EMPTY=post: a one-liner", postEmpty: true, wantPosts: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock, f, store := newDigestRig()
			day := digestDay
			store.add("a1", "Rail strike ends", day)
			r := digestRun{dir: t.TempDir(), loc: time.UTC, hour: 8, postEmpty: tt.postEmpty}
			// day 1 posts the article; day 2 has nothing new
			r.run(t, f, clock, store, day.Add(7*time.Hour), day.Add(47*time.Hour))
			posts := f.posted()
			if len(posts) != tt.wantPosts {
				t.Fatalf("posts = %d (%v); want %d", len(posts), postDates(posts), tt.wantPosts)
			}
			if tt.postEmpty && !posts[1].Digest.Empty() {
				t.Errorf("empty-day post = %+v; want a digest with no articles", posts[1].Digest)
			}
		})
	}
}

func TestDigestNewArticlesNextDay(t *testing.T) {
	clock, f, store := newDigestRig()
	day := digestDay
	store.add("a1", "Rail strike ends", day)
	r := digestRun{dir: t.TempDir(), loc: time.UTC, hour: 8}
	r.run(t, f, clock, store, day.Add(7*time.Hour), day.Add(12*time.Hour))
	store.add("a2", "Harbour reopens", day.Add(12*time.Hour))
	r.run(t, f, clock, store, day.Add(12*time.Hour), day.Add(33*time.Hour))
	posts := f.posted()
	if len(posts) != 2 {
		t.Fatalf("posts = %d; want 2", len(posts))
	}
	if got := titles(posts[1].Digest); !slices.Equal(got, []string{"Harbour reopens"}) {
		t.Errorf("second digest = %q; want only the article indexed since the first", got)
	}
}

func TestDigestManyArticlesOnePost(t *testing.T) {
	clock, f, store := newDigestRig()
	day := digestDay
	store.add("old", "Old news", day.Add(-48*time.Hour))
	r := digestRun{dir: t.TempDir(), loc: time.UTC, hour: 8}
	r.run(t, f, clock, store, day.Add(-40*time.Hour), day.Add(-30*time.Hour)) // the first digest
	var want []string
	for i := range 60 {
		title := fmt.Sprintf("Article number %02d", i)
		want = append(want, title)
		store.add(fmt.Sprintf("n%02d", i), title, day.Add(time.Duration(i)*time.Minute))
	}
	r.run(t, f, clock, store, day.Add(7*time.Hour), day.Add(23*time.Hour))
	posts := f.posted()
	if len(posts) != 2 {
		t.Fatalf("posts = %d; want 2 (first digest, then one with the 60 new articles)", len(posts))
	}
	got := titles(posts[1].Digest)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("second digest = %q; want the 60 new articles and not the old one", got)
	}
}

// titles lists the titles of d's articles.
func titles(d Digest) []string {
	var out []string
	for _, a := range d.Articles {
		out = append(out, a.Title)
	}
	return out
}

func TestDigestPostRefusedThenRetries(t *testing.T) {
	clock, f, store := newDigestRig()
	f.refuse = 2
	day := digestDay
	store.add("a1", "Rail strike ends", day)
	r := digestRun{dir: t.TempDir(), loc: time.UTC, hour: 8}
	r.run(t, f, clock, store, day.Add(7*time.Hour), day.Add(23*time.Hour))
	posts := f.posted()
	if len(posts) != 1 {
		t.Fatalf("posts = %d; want 1 after two refusals", len(posts))
	}
	if lo, hi := day.Add(8*time.Hour+3*time.Minute), day.Add(8*time.Hour+4*time.Minute); posts[0].At.Before(lo) || !posts[0].At.Before(hi) {
		t.Errorf("posted at %v; want after the 1m and 2m retries (%v)", posts[0].At, lo)
	}
}

func TestDigestPreview(t *testing.T) {
	clock, f, store := newDigestRig()
	day := digestDay
	store.add("a1", "Rail strike ends", day)
	clock.Run(day.Add(9*time.Hour), day.Add(10*time.Hour))
	st, err := stateBolt.Open(t.TempDir(), stateBolt.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	d := NewScheduler(store, nil, Options{Channel: "C0DIGEST", Hour: 8, Now: clock.Now, Sleep: clock.Sleep})

	steps := []struct {
		name string
		run  bool     // run the scheduler (which posts) before previewing
		want []string // titles
	}{
		{name: "before Run: the latest articles", want: []string{"Rail strike ends"}},
		{name: "after the post: nothing new", run: true, want: nil},
	}
	for _, s := range steps {
		if s.run {
			if err := d.Run(context.Background(), f, st); err != nil {
				t.Fatal(err)
			}
		}
		dg, err := d.Preview(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := titles(dg); !slices.Equal(got, s.want) {
			t.Errorf("%s: preview %q; want %q", s.name, got, s.want)
		}
	}
	if got := len(f.posted()); got != 1 {
		t.Errorf("posts = %d; want 1 (previews never post)", got)
	}
}

// A replica that took the posting lease and died holds the others off
// until the lease passes; then one of them posts, once.
func TestDigestLeaseOfADeadReplica(t *testing.T) {
	clock, f, store := newDigestRig()
	day := digestDay
	store.add("a1", "Rail strike ends", day)
	clock.Run(day.Add(8*time.Hour), day.Add(23*time.Hour))
	st, err := stateBolt.Open(t.TempDir(), stateBolt.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.Lease(context.Background(), leaseName, "dead replica", postTimeout+leaseMargin); !ok || err != nil {
		t.Fatalf("Lease = %v, %v", ok, err)
	}
	d := NewScheduler(store, nil, Options{Channel: "C0DIGEST", Hour: 8, Now: clock.Now, Sleep: clock.Sleep})
	if res, err := d.Post(context.Background(), f, st); err != nil || res.Status != Elsewhere {
		t.Fatalf("Post while another holds the lease = %+v, %v; want %s", res, err, Elsewhere)
	}
	if err := d.Run(context.Background(), f, st); err != nil {
		t.Fatal(err)
	}
	posts := f.posted()
	if len(posts) != 1 {
		t.Fatalf("posts = %d; want 1", len(posts))
	}
	if free := day.Add(8*time.Hour + postTimeout + leaseMargin); posts[0].At.Before(free) || posts[0].At.After(free.Add(2*time.Minute)) {
		t.Errorf("posted at %v; want soon after the dead replica's lease ended (%v)", posts[0].At, free)
	}
}
