package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"newsdesk/corpus"
	"newsdesk/index"
)

// slacktest's auth.test answers with this user ID: the bot, to the client.
const digestBotUser = "W012A3CDE"

// digestSlack is slacktest's server with chat.postMessage and
// conversations.history backed by one recorded channel history, so a digest
// posted by one scheduler is visible to the next.
type digestSlack struct {
	srv *slacktest.Server
	now func() time.Time

	mu    sync.Mutex
	posts []digestPost
}

type digestPost struct {
	Channel string
	TS      string
	Text    string
	User    string
	Blocks  slack.Blocks
	At      time.Time // the fake clock when it was posted
}

func newDigestSlack(tb testing.TB, now func() time.Time) *digestSlack {
	tb.Helper()
	f := &digestSlack{now: now}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", f.postMessage)
		c.Handle("/conversations.history", f.history)
	})
	f.srv.Start()
	tb.Cleanup(f.srv.Stop)
	return f
}

func (f *digestSlack) client() *SlackClient {
	return NewSlackClient("xoxb-test", f.srv.GetAPIURL(), nil)
}

func (f *digestSlack) postMessage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	at := f.now()
	p := digestPost{
		Channel: r.Form.Get("channel"), Text: r.Form.Get("text"), User: digestBotUser, At: at,
		TS: fmt.Sprintf("%d.%06d", at.Unix(), len(f.posts)+1),
	}
	if b := r.Form.Get("blocks"); b != "" {
		if err := json.Unmarshal([]byte(b), &p.Blocks); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
	}
	f.posts = append(f.posts, p)
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": p.Channel, "ts": p.TS})
}

func (f *digestSlack) history(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	oldest, _ := strconv.ParseFloat(r.Form.Get("oldest"), 64)
	f.mu.Lock()
	defer f.mu.Unlock()
	var msgs []map[string]any
	for _, p := range slices.Backward(f.posts) {
		ts, _ := strconv.ParseFloat(p.TS, 64)
		if p.Channel == r.Form.Get("channel") && ts >= oldest {
			msgs = append(msgs, map[string]any{"type": "message", "user": p.User, "text": p.Text, "ts": p.TS})
		}
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "messages": msgs, "has_more": false})
}

func (f *digestSlack) posted() []digestPost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.posts)
}

func (f *digestSlack) forget() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts = nil
}

// schedClock is the scheduler's clock: Sleep advances it, and once it
// reaches stop it cancels the run.
type schedClock struct {
	mu   sync.Mutex
	t    time.Time
	stop time.Time
}

func (c *schedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *schedClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		panic("scheduler slept for a non-positive duration")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	if !c.t.Before(c.stop) {
		return context.Canceled
	}
	return ctx.Err()
}

// memStore is an ArticleStore in memory, with the index's ordering.
type memStore struct {
	mu    sync.Mutex
	infos map[string]index.ArticleInfo
	arts  map[string]corpus.Article
}

// digestDay is the Monday the digest tests start on.
var digestDay = time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)

// newDigestRig is a clock, a fake Slack on it and an empty article store:
// what each digest test starts from.
func newDigestRig(tb testing.TB) (*schedClock, *digestSlack, *memStore) {
	tb.Helper()
	clock := &schedClock{}
	return clock, newDigestSlack(tb, clock.Now), newMemStore()
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

// digestRun is one scheduler process: a Digests on a state folder, run on
// the fake clock from from until until.
type digestRun struct {
	dir       string
	loc       *time.Location
	hour, min int
	postEmpty bool
}

func (r digestRun) run(tb testing.TB, f *digestSlack, clock *schedClock, store ArticleStore, from, until time.Time) {
	tb.Helper()
	clock.mu.Lock()
	clock.t, clock.stop = from, until
	clock.mu.Unlock()
	st, err := OpenState(r.dir, clock.Now)
	if err != nil {
		tb.Fatal(err)
	}
	d := NewDigests(store, nil, DigestOptions{
		Channel: "C0DIGEST", Hour: r.hour, Minute: r.min, Location: r.loc, PostEmpty: r.postEmpty,
		Now: clock.Now, Sleep: clock.Sleep,
	})
	if err := d.Run(context.Background(), f.client(), st); err != nil {
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

// postDates lists the marker date of each post.
func postDates(posts []digestPost) []string {
	var out []string
	for _, p := range posts {
		date, _, _ := strings.Cut(strings.TrimPrefix(p.Text, "newsdesk digest "), ":")
		out = append(out, date)
	}
	return out
}

func TestDigestSchedule(t *testing.T) {
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
			clock, f, store := newDigestRig(t)
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
	clock, f, store := newDigestRig(t)
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
		quoted    bool // someone else pasted the digest's marker into the channel
		wantPosts int
	}{
		{name: "post landed: found in history, not posted again", landed: true, wantPosts: 1},
		{name: "post never landed: posted once", landed: false, wantPosts: 1},
		{name: "post never landed, marker quoted by a person: posted once", landed: false, quoted: true, wantPosts: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock, f, store := newDigestRig(t)
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
			st, err := OpenState(r.dir, clock.Now)
			if err != nil {
				t.Fatal(err)
			}
			s, err := loadDigestState(st)
			if err != nil {
				t.Fatal(err)
			}
			rec := s.Days["2025-03-03"]
			if rec.Status != dayPosted || rec.TS != first[0].TS {
				t.Fatalf("recorded %+v; want posted with ts %s", rec, first[0].TS)
			}
			rec.Status, rec.TS, rec.Next = dayPosting, "", s.Mark
			s.Days["2025-03-03"], s.Mark = rec, nil
			if err := st.Save(digestSection, s); err != nil {
				t.Fatal(err)
			}
			if !tt.landed {
				f.forget()
			}
			if tt.quoted {
				f.mu.Lock()
				f.posts = append(f.posts, digestPost{Channel: "C0DIGEST", User: "U0PERSON", TS: first[0].TS,
					Text: "newsdesk digest 2025-03-03: did anyone see this?"})
				f.mu.Unlock()
			}

			r.run(t, f, clock, store, day.Add(9*time.Hour), day.Add(23*time.Hour))
			posts := f.posted()
			if got := len(posts); got != tt.wantPosts {
				t.Fatalf("messages in the channel = %d; want %d", got, tt.wantPosts)
			}
			mine := posts[len(posts)-1]
			st, _ = OpenState(r.dir, clock.Now)
			s, _ = loadDigestState(st)
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
			clock, f, store := newDigestRig(t)
			day := digestDay
			store.add("a1", "Rail strike ends", day)
			r := digestRun{dir: t.TempDir(), loc: time.UTC, hour: 8, postEmpty: tt.postEmpty}
			// day 1 posts the article; day 2 has nothing new
			r.run(t, f, clock, store, day.Add(7*time.Hour), day.Add(47*time.Hour))
			posts := f.posted()
			if len(posts) != tt.wantPosts {
				t.Fatalf("posts = %d (%v); want %d", len(posts), postDates(posts), tt.wantPosts)
			}
			if tt.postEmpty && !strings.Contains(posts[1].Text, "No new articles") {
				t.Errorf("empty-day post = %q; want it to say there are no new articles", posts[1].Text)
			}
		})
	}
}

func TestDigestNewArticlesNextDay(t *testing.T) {
	clock, f, store := newDigestRig(t)
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
	if !strings.Contains(posts[1].Text, "Harbour reopens") || strings.Contains(posts[1].Text, "Rail strike") {
		t.Errorf("second digest = %q; want only the article indexed since the first", posts[1].Text)
	}
}

func TestDigestManyArticlesOnePost(t *testing.T) {
	clock, f, store := newDigestRig(t)
	day := digestDay
	store.add("old", "Old news", day.Add(-48*time.Hour))
	r := digestRun{dir: t.TempDir(), loc: time.UTC, hour: 8}
	r.run(t, f, clock, store, day.Add(-40*time.Hour), day.Add(-30*time.Hour)) // the first digest
	var titles []string
	for i := range 60 {
		title := fmt.Sprintf("Article number %02d about <@U999> & the council %s", i, strings.Repeat("x", 150))
		titles = append(titles, escapeText(title))
		store.add(fmt.Sprintf("n%02d", i), title, day.Add(time.Duration(i)*time.Minute))
	}
	r.run(t, f, clock, store, day.Add(7*time.Hour), day.Add(23*time.Hour))
	posts := f.posted()
	if len(posts) != 2 {
		t.Fatalf("posts = %d; want 2 (first digest, then one with the 60 new articles)", len(posts))
	}
	p := posts[1]
	if n := len(p.Blocks.BlockSet); n > maxBlocks {
		t.Errorf("blocks = %d; want at most %d", n, maxBlocks)
	}
	if n := utf8.RuneCountInString(p.Text); n > maxFallbackText {
		t.Errorf("fallback text = %d characters; want at most %d", n, maxFallbackText)
	}
	var all strings.Builder
	for _, b := range p.Blocks.BlockSet {
		switch b := b.(type) {
		case *slack.SectionBlock:
			if n := utf8.RuneCountInString(b.Text.Text); n > maxSectionText {
				t.Errorf("section of %d characters; want at most %d", n, maxSectionText)
			}
			all.WriteString(b.Text.Text)
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if tb, ok := e.(*slack.TextBlockObject); ok {
					all.WriteString(tb.Text)
				}
			}
		}
	}
	text := all.String()
	for _, title := range titles {
		if !strings.Contains(text, title) {
			t.Errorf("title %q not in the digest", title[:40])
		}
	}
	if strings.Contains(text, "<@U999>") || strings.Contains(text, "Old news") {
		t.Error("digest has an unescaped mention or an old article")
	}
	if !strings.Contains(text, "newsdesk digest 2025-03-03") {
		t.Error("digest has no marker")
	}
}

func TestDigestPostSlackRefusesThenRetries(t *testing.T) {
	clock := &schedClock{}
	var mu sync.Mutex
	refuse := 2
	f := &digestSlack{now: clock.Now}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			if refuse > 0 {
				refuse--
				_, _ = w.Write([]byte(`{"ok":false,"error":"not_in_channel"}`))
				return
			}
			f.postMessage(w, r)
		})
		c.Handle("/conversations.history", f.history)
	})
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	store := newMemStore()
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
	clock, f, store := newDigestRig(t)
	day := digestDay
	store.add("a1", "Rail strike ends", day)
	clock.t, clock.stop = day.Add(9*time.Hour), day.Add(10*time.Hour)
	st, err := OpenState(t.TempDir(), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDigests(store, nil, DigestOptions{Channel: "C0DIGEST", Hour: 8, Now: clock.Now, Sleep: clock.Sleep})
	var _ Digester = d

	steps := []struct {
		name string
		run  bool // run the scheduler (which posts) before previewing
		want string
	}{
		{name: "before Run: the latest articles", want: "Rail strike ends"},
		{name: "after the post: nothing new", run: true, want: "No new articles"},
	}
	for _, s := range steps {
		if s.run {
			if err := d.Run(context.Background(), f.client(), st); err != nil {
				t.Fatal(err)
			}
		}
		m, err := d.Preview(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if !strings.Contains(m.Text, s.want) {
			t.Errorf("%s: preview %q; want it to contain %q", s.name, m.Text, s.want)
		}
	}
	if got := len(f.posted()); got != 1 {
		t.Errorf("posts = %d; want 1 (previews never post)", got)
	}
}

// A refused digest post tells the operator what to do about it.
func TestDigestPostErrorSaysWhatToDo(t *testing.T) {
	tests := []struct {
		slackErr string
		want     string
	}{
		{"not_in_channel", "invite the bot"},
		{"channel_not_found", "NEWSDESK_DIGEST_CHANNEL"},
		{"invalid_auth", "SLACK_BOT_TOKEN"},
		{"missing_scope", "slack-app-manifest.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.slackErr, func(t *testing.T) {
			srv := slacktest.NewTestServer(func(c slacktest.Customize) {
				c.Handle("/chat.postMessage", func(w http.ResponseWriter, _ *http.Request) {
					fmt.Fprintf(w, `{"ok":false,"error":%q}`, tt.slackErr)
				})
			})
			srv.Start()
			defer srv.Stop()
			store := newMemStore()
			store.add("a1", "Rail strike ends", time.Date(2025, 3, 3, 6, 0, 0, 0, time.UTC))
			st, err := OpenState(t.TempDir(), nil)
			if err != nil {
				t.Fatal(err)
			}
			d := NewDigests(store, nil, DigestOptions{Channel: "C0DIGEST", Hour: 8})
			_, err = d.Post(context.Background(), NewSlackClient("xoxb-test", srv.GetAPIURL(), nil), st)
			if err == nil || !strings.Contains(err.Error(), tt.slackErr) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v; want an error naming %s and saying %q", err, tt.slackErr, tt.want)
			}
		})
	}
}
