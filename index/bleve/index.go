package bleve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	indexapi "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"

	"newsdesk/corpus"
	"newsdesk/index"
)

// Options tune Open. The zero value is ready to use.
type Options struct {
	// Owner names the process in the lock file, so another process that finds
	// the data folder locked can say who holds it ("newsdesk serve").
	Owner string
	// Now is the clock used for FirstIndexed and Updated; default time.Now.
	Now func() time.Time
	// BatchSize is the number of document writes per bleve batch; default
	// 4000.
	BatchSize int
	// Log receives what the index does about damage on its own, with no
	// caller to return an error to: moving a damaged index aside, reopening
	// one after a failure. nil: no logs.
	Log *slog.Logger
	// Name is the index's folder under dataDir/index, so that one data
	// folder keeps one index per corpus. "" is the single index of earlier
	// versions, dataDir/index itself. When Name is set and dataDir/index is
	// still an index of that layout, Open moves it to dataDir/index/Name
	// first: the corpus opened first after an upgrade takes over the index
	// of the corpus used last (usually the same one) instead of rebuilding.
	Name string
	// Read reads the text of an article a corpus load left unread
	// (corpus.Article.Unread, see corpus.LoadOptions.Lazy) when Update has
	// to index it; nil: Update fails with an error matching
	// index.ErrUnread instead. Update holds at most a few dozen read
	// articles at a time, so a corpus loaded lazily is indexed in memory
	// that grows with the batch, not with the corpus. It is called from
	// several goroutines at once.
	Read func(ctx context.Context, a corpus.Article) (corpus.Article, error)

	// noMerges stops scorch's merges in the background, for tests that
	// need an index of many segments.
	noMerges bool
}

// Index is newsdesk's search index: passages, key figures and the stored
// articles, in a bleve scorch index under a data folder. It is safe for
// concurrent use; updates are serialized and searches run alongside them.
// A damaged index never takes the process down: see Health.
type Index struct {
	dir          string
	name         string    // the index's folder under dir/index; "" is dir/index
	analyzer     *Analyzer // analyzes questions and topics as idx analyzes passages
	lock         *dirLock
	now          func() time.Time
	batch        int
	log          *slog.Logger
	readText     func(ctx context.Context, a corpus.Article) (corpus.Article, error) // Options.Read
	merges       chan error                                                          // merge failures scorch reports, for compact
	common       int                                                                 // minCommon, or what a test sets
	compactAbove int                                                                 // the constant, or what a test sets
	compactAfter int                                                                 // the constant, or what a test sets
	noMerges     bool                                                                // Options.noMerges

	// idx is the open bleve index, nil while none is (a reopening failed,
	// or Close). Every call into it holds use shared; closing or replacing
	// it holds use, and update. gen counts the bleve indexes opened, so
	// that a failure reported by one since replaced is ignored.
	idx blevesearch.Index
	use sync.RWMutex
	gen atomic.Uint64
	// segments remembers the segment files that passed their checksums.
	segments checked

	rebuilt bool // the index was created from scratch; reported by the next Update that succeeds
	// history holds the entries of the index a rebuild replaced, for their
	// FirstIndexed and Updated times; used by the next Update only.
	history map[string]entry

	crashBeforeCommit bool   // tests: Update stops after writing documents, as if killed
	afterFailedWrite  func() // tests: called when Update has failed on a write or a panic, before the index is reopened

	update sync.Mutex // serializes Update, reopening and Close
	mu     sync.RWMutex
	man    manifest
	// pending is the pending mark as last read or written (see
	// pending.go), for Known; nil when it could not be read.
	pending map[string]bool

	// state is what Health reports (see health.go).
	state      sync.Mutex
	suspect    error // a call failed; a mend is due
	rebuilding error // the index was damaged and replaced; an Update fills it
	mending    bool  // a mend goroutine runs
	closed     bool
	mends      sync.WaitGroup

	// idf caches the term weights Weights computed (0: in no passage) until
	// the next Update commits; idfGen counts those commits, so a weight read
	// from before one is not kept after it.
	idfMu  sync.Mutex
	idf    map[string]float64
	idfGen int
	idfN   int // the committed passages the cached weights were read among; 0: not counted since the last commit
}

// Index implements the port the rest of newsdesk uses.
var _ index.Store = (*Index)(nil)

// Open opens the index in dataDir (creating the folder and the index when
// missing) and locks the folder for this process.
//
// An index written with another format version is deleted and created
// empty. One that bleve cannot open, that panics bleve, whose segment
// files fail their checksums (damaged on disk), or that bleve opened in an
// older state than the last one written (it skips a state it cannot load)
// is moved to dataDir/index.damaged (replacing an older one there),
// Options.Log says so, and an empty one is created: Health then returns an
// error matching index.ErrRebuilding until the next Update has rebuilt it
// from the corpus. Either way that Update reports index.Stats.Rebuilt.
// When another process holds the folder, Open fails at once with an error
// matching index.ErrLocked that names the holder. Open only checks ctx
// before it starts.
func Open(ctx context.Context, dataDir string, opts Options) (*Index, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	owner := opts.Owner
	if owner == "" {
		owner = "newsdesk"
	}
	lock, err := lockDir(dataDir, owner)
	if err != nil {
		return nil, err
	}
	ix := &Index{dir: dataDir, analyzer: NewAnalyzer(), lock: lock, now: opts.Now, batch: opts.BatchSize, log: opts.Log, readText: opts.Read, merges: make(chan error, 1), common: minCommon, compactAbove: compactAbove, compactAfter: compactAfter, noMerges: opts.noMerges}
	if ix.now == nil {
		ix.now = time.Now
	}
	if ix.batch <= 0 {
		ix.batch = defaultBatch
	}
	if ix.name = opts.Name; ix.name != "" {
		if err := migrate(dataDir, ix.name); err != nil {
			lock.unlock()
			return nil, err
		}
	}
	if err := ix.open(); err != nil {
		lock.unlock()
		return nil, err
	}
	return ix, nil
}

func (ix *Index) path() string { return filepath.Join(ix.dir, "index", ix.name) }

// damagedPath is where a damaged index is moved, for a post-mortem.
func (ix *Index) damagedPath() string {
	if ix.name != "" {
		return filepath.Join(ix.dir, "index", ix.name+".damaged") // each corpus's beside its index
	}
	return filepath.Join(ix.dir, "index.damaged")
}

func (ix *Index) logger() *slog.Logger {
	if ix.log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return ix.log
}

// bleveConfig is the configuration the bleve index opens with.
func (ix *Index) bleveConfig() map[string]any {
	cfg := map[string]any{"bolt_timeout": "2s", "asyncErrorCallbackName": asyncCallback}
	if ix.noMerges {
		// Only segments of less than half MaxSegmentSize documents merge.
		cfg["scorchMergePlanOptions"] = map[string]any{"MaxSegmentSize": 1}
	}
	return cfg
}

// open opens the bleve index in ix.path(), or creates it (see Open), and
// makes it ix.idx. The caller holds ix.update and use, or is Open.
func (ix *Index) open() error {
	cfg := ix.bleveConfig()
	_, statErr := os.Stat(ix.path())
	existed := statErr == nil
	var idx blevesearch.Index
	err := guard(func() (err error) {
		idx, err = blevesearch.OpenUsing(ix.path(), cfg)
		return err
	})
	var damage error
	var disk map[string]entry // the articles of the index replaced, from its manifest
	if err == nil {
		var man manifest
		merr := guard(func() (err error) {
			man, err = readManifest(idx)
			return err
		})
		written := ix.loadCommits()
		switch {
		case merr == nil && man.Format == formatVersion && man.Commits < written:
			damage = fmt.Errorf("the index holds %d commits, and %d were written: bleve could not load its newest state and went back to an older one", man.Commits, written)
		case merr == nil && man.Format == formatVersion:
			cerr := guard(func() error { return checkSegments(idx, &ix.segments) })
			if cerr == nil {
				ix.serve(idx, man)
				return nil
			}
			damage, disk = cerr, man.Articles
		case merr == nil:
			// An index of another format is rebuilt, but when each article
			// was first indexed is history, not format: keep it, so an upgrade
			// does not make every article "new" in the next digest.
			disk = man.Articles
		case errors.Is(merr, errNoManifest) && written > 0:
			damage = fmt.Errorf("the index holds no manifest, and %d commits were written: bleve could not load any state of it", written)
		case errors.Is(merr, errNoManifest):
			// Created and never written to (a crash right after): start again.
		default:
			damage = fmt.Errorf("read manifest: %w", merr)
		}
		_ = guard(idx.Close)
	}
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		// Another process has the index open (on systems without the folder
		// lock): never delete what it is using.
		return &index.LockedError{Dir: ix.dir, Holder: "another process (its index is locked)"}
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("open index in %s: %w; check that this user may read and write the data folder", ix.path(), err)
	case err != nil && existed:
		damage = err
	}
	return ix.create(damage, disk)
}

// serve makes idx, with manifest man, the index that answers.
func (ix *Index) serve(idx blevesearch.Index, man manifest) {
	ix.idx = idx
	var pending map[string]bool
	_ = guard(func() (err error) {
		pending, err = ix.readPending()
		return err
	})
	ix.mu.Lock()
	ix.man = man
	ix.pending = pending
	ix.mu.Unlock()
	ix.watch(ix.gen.Add(1))
}

// create replaces the index in ix.path() with an empty one. A damaged index
// (damage not nil) is moved aside and the index reports that it is
// rebuilding; a missing or stale one is deleted. Nothing is lost: the
// corpus is the source of truth and the next Update re-reads it. The
// articles of the index replaced, from memory, else from its manifest
// (disk), else from the history file (history.go), are kept for their history.
func (ix *Index) create(damage error, disk map[string]entry) error {
	ix.segments.forget()
	if damage != nil {
		if err := os.RemoveAll(ix.damagedPath()); err != nil {
			return fmt.Errorf("remove the older damaged index: %w", err)
		}
		if err := os.Rename(ix.path(), ix.damagedPath()); err != nil {
			return fmt.Errorf("move the damaged index aside (%v): %w", damage, err)
		}
		ix.logger().Error("the index is damaged; it was moved aside and is being rebuilt from the corpus", "damage", damage, "moved_to", ix.damagedPath())
		ix.setRebuilding(fmt.Errorf("%w from the corpus: it was damaged (%v)", index.ErrRebuilding, damage))
	} else if err := os.RemoveAll(ix.path()); err != nil {
		return fmt.Errorf("remove stale index: %w", err)
	}
	saved := ix.loadHistory()
	ix.mu.Lock()
	switch {
	case len(ix.man.Articles) > 0:
		ix.history = ix.man.Articles // the newest: what this process served
	case ix.history != nil: // a rebuild not finished yet
	case disk != nil:
		ix.history = disk
	default:
		ix.history = saved.Articles
	}
	commits := max(ix.man.Commits, saved.Commits) // the count goes on: see history.go
	ix.mu.Unlock()
	idx, err := blevesearch.NewUsing(ix.path(), newMapping(), blevesearch.Config.DefaultIndexType, blevesearch.Config.DefaultKVStore, ix.bleveConfig())
	if err != nil {
		return fmt.Errorf("create index in %s: %w", ix.path(), err)
	}
	man := manifest{Format: formatVersion, Articles: map[string]entry{}, Commits: commits, Shards: manifestShards}
	if err := idx.SetInternal(manifestKey, man.encode()); err != nil {
		idx.Close()
		return fmt.Errorf("write manifest: %w", err)
	}
	ix.serve(idx, man)
	ix.rebuilt = true
	return nil
}

// Close waits for a mend in progress, flushes and closes the index, and
// releases the data folder. Calls after the first return nil; the other
// methods fail once it is closed.
func (ix *Index) Close() error {
	ix.state.Lock()
	ix.closed = true
	ix.state.Unlock()
	ix.mends.Wait()
	ix.update.Lock()
	defer ix.update.Unlock()
	ix.use.Lock()
	defer ix.use.Unlock()
	var err error
	if ix.idx != nil {
		err = guard(ix.idx.Close)
		ix.idx = nil
	}
	asyncFailures.Delete(ix.storePath())
	if uerr := ix.lock.unlock(); err == nil {
		err = uerr
	}
	return err
}

// Known reports whether the article id, from a file of the given size and
// modification time, is the version indexed, and returns its content hash:
// the file is the one read when it was indexed, and no interrupted update
// left it to be written again. A corpus load given Known (see
// corpus.LoadOptions) leaves such files unread, and Update keeps their
// articles as they are. It does no I/O.
func (ix *Index) Known(id string, f corpus.FileInfo) (string, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	e, ok := ix.man.Articles[id]
	if !ok || f == (corpus.FileInfo{}) || e.file() != f || ix.pending == nil || ix.pending[id] {
		return "", false
	}
	return e.Hash, true
}

// setPending records the pending mark just written, for Known.
func (ix *Index) setPending(ids map[string]bool) {
	ix.mu.Lock()
	ix.pending = ids
	ix.mu.Unlock()
}

// Len returns the number of indexed articles.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.man.Articles)
}

// Articles lists the indexed articles, newest first (by published date, then
// by first-indexed time, then by ID).
func (ix *Index) Articles() []index.ArticleInfo {
	ix.mu.RLock()
	out := make([]index.ArticleInfo, 0, len(ix.man.Articles))
	for id, e := range ix.man.Articles {
		out = append(out, index.ArticleInfo{
			ID: id, Title: e.Title, Source: e.Source, URL: e.URL, Published: e.Published,
			FirstIndexed: e.FirstIndexed, Updated: e.Updated,
		})
	}
	ix.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Published.Equal(b.Published) {
			return a.Published.After(b.Published)
		}
		if !a.FirstIndexed.Equal(b.FirstIndexed) {
			return a.FirstIndexed.After(b.FirstIndexed)
		}
		return a.ID < b.ID
	})
	return out
}

// Article returns the stored article with its full text and sections, as it
// was indexed. It returns an error matching index.ErrNotFound for an unknown
// ID, and one matching index.ErrDamaged or index.ErrRebuilding when the
// index cannot be read (see Health).
func (ix *Index) Article(ctx context.Context, id string) (corpus.Article, error) {
	var a corpus.Article
	err := ix.document(ctx, id, func(doc indexapi.Document) error {
		var s storedArticle
		if err := json.Unmarshal([]byte(storedString(doc, "json")), &s); err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		a = s.unpack(storedString(doc, "text"))
		return nil
	})
	return a, err
}

func articleDocID(id string) string { return "a:" + id }

// ArticleText returns the stored text of an article, the text every quote
// is checked against. It returns an error matching index.ErrNotFound for an
// unknown ID, and one matching index.ErrDamaged or index.ErrRebuilding when
// the index cannot be read (see Health).
func (ix *Index) ArticleText(ctx context.Context, id string) (string, error) {
	var text string
	err := ix.document(ctx, id, func(doc indexapi.Document) error {
		text = storedString(doc, "text")
		return nil
	})
	return text, err
}

// document reads the stored document of article id and gives it to use.
func (ix *Index) document(ctx context.Context, id string, use func(indexapi.Document) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := ix.read(ctx, func(idx blevesearch.Index) error {
		doc, err := idx.Document(articleDocID(id))
		if err != nil {
			return err
		}
		if doc == nil {
			return index.ErrNotFound
		}
		return use(doc)
	})
	if err != nil {
		return fmt.Errorf("read article %s: %w", id, err)
	}
	return nil
}
