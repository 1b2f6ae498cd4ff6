package semantic

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"

	"newsdesk/corpus"
	"newsdesk/index"
	"newsdesk/index/embed"
)

// Cache keeps passage vectors between runs, keyed by the model's identity
// (embed.Model.Key) and the passage's content hash. index/bolt implements it.
type Cache interface {
	// Get returns the stored vectors of hashes; missing or damaged ones are
	// absent from the map.
	Get(ctx context.Context, model string, dims int, hashes []string) (map[string][]float32, error)
	// Put stores vectors durably.
	Put(ctx context.Context, model string, vecs map[string][]float32) error
	// Keep deletes the vectors of model not in keep, and those of every
	// other model.
	Keep(ctx context.Context, model string, keep map[string]bool) (int, error)
}

// Options tune an Index.
type Options struct {
	// Background makes Update return once the store is updated and embed
	// the new passages in a goroutine the Index owns (serve): until every
	// vector is written, QueryVector reports semantic search as not ready
	// and answers are lexical. Otherwise Update returns once every vector
	// is written (index, ask, eval).
	Background bool
	// Progress, when not nil, is called as passages are embedded, with the
	// passages done and the total to embed.
	Progress func(done, total int)
	// Batch is how many passages are embedded and stored at a time
	// (default 64).
	Batch int
	Log   *slog.Logger // nil: no logs
}

// ErrNotEmbedded is matched by the error Update returns when the store was
// updated but some passages could not be embedded: lexical search is up to
// date, semantic search stays off until a later Update embeds them.
var ErrNotEmbedded = errors.New("passages not embedded")

// Index is an index.Store with semantic search over an embedding model's
// vectors of its passages. It implements index.Semantic. It is safe for
// concurrent use.
type Index struct {
	index.Store
	emb   embed.Embedder
	cache Cache
	opts  Options
	log   *slog.Logger

	vecs  atomic.Pointer[set] // the vectors of the passages, when every one has one
	ready atomic.Bool

	mu      sync.Mutex
	pending []passage // the passages to have vectors for, as of the last Update
	kick    chan struct{}
	stop    context.CancelFunc
	done    chan struct{}
}

// passage is what is embedded of a corpus passage.
type passage struct {
	id, hash, text string
}

// New returns store with semantic search over emb's vectors, kept in cache.
func New(store index.Store, emb embed.Embedder, cache Cache, opts Options) *Index {
	if opts.Batch <= 0 {
		opts.Batch = 64
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Index{Store: store, emb: emb, cache: cache, opts: opts, log: log}
}

var _ index.Semantic = (*Index)(nil)

// Model is the identity of the embedding model.
func (ix *Index) Model() embed.Model { return ix.emb.Model() }

// Ready reports whether every passage has its vector, so that answers use
// hybrid retrieval.
func (ix *Index) Ready() bool { return ix.ready.Load() }

// Update updates the store, then gives every new or changed passage its
// vector (see Options.Background). An error from the store is returned as
// it is; a failure to embed is an error matching ErrNotEmbedded, with the
// store's Stats.
func (ix *Index) Update(ctx context.Context, articles []corpus.Article, progress func(done, total int)) (index.Stats, error) {
	st, err := ix.Store.Update(ctx, articles, progress)
	if err != nil {
		return st, err
	}
	ps := passagesOf(articles)
	ix.mu.Lock()
	ix.pending = ps
	ix.ready.Store(ix.covers(ps))
	ix.mu.Unlock()
	if ix.opts.Background {
		ix.startWorker()
		select {
		case ix.kick <- struct{}{}:
		default: // a run is already due; it will read the new list
		}
		return st, nil
	}
	if err := ix.sync(ctx, ps); err != nil {
		return st, fmt.Errorf("%w: %w", ErrNotEmbedded, err)
	}
	return st, nil
}

// covers reports whether the current vectors include every passage of ps.
// The caller holds ix.mu.
func (ix *Index) covers(ps []passage) bool {
	s := ix.vecs.Load()
	if s == nil || len(s.ids) != len(ps) {
		return false
	}
	for _, p := range ps {
		if _, ok := s.slot[p.id]; !ok {
			return false
		}
	}
	return true
}

// install makes s the current vectors. Semantic search is ready when they
// cover the passages of the last Update (a background run may have
// embedded an older list).
func (ix *Index) install(s *set) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.vecs.Store(s)
	ix.ready.Store(ix.covers(ix.pending))
}

// startWorker starts, once, the goroutine that embeds in the background.
// It ends when Close is called.
func (ix *Index) startWorker() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.kick != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	ix.kick, ix.stop, ix.done = make(chan struct{}, 1), cancel, make(chan struct{})
	go func() {
		defer close(ix.done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-ix.kick:
			}
			ix.mu.Lock()
			ps := ix.pending
			ix.mu.Unlock()
			if err := ix.sync(ctx, ps); err != nil && ctx.Err() == nil {
				ix.log.Error("embedding passages; answering lexically until the next update", "model", ix.emb.Model().Name, "err", err)
			}
		}
	}()
}

// Close stops embedding in the background, waits for it, and closes the
// store, then the cache and the embedder when they have a Close method.
func (ix *Index) Close() error {
	ix.mu.Lock()
	stop, done := ix.stop, ix.done
	ix.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
	errs := []error{ix.Store.Close()}
	for _, c := range []any{ix.cache, ix.emb} {
		if c, ok := c.(io.Closer); ok {
			errs = append(errs, c.Close())
		}
	}
	return errors.Join(errs...)
}

// QueryVector embeds a question as a query. ok is false when not every
// passage has its vector yet.
func (ix *Index) QueryVector(ctx context.Context, question string) ([]float32, bool, error) {
	if !ix.ready.Load() {
		return nil, false, nil
	}
	vs, err := ix.emb.Embed(ctx, embed.Query, []string{question})
	if err != nil {
		return nil, false, fmt.Errorf("embed the question: %w", err)
	}
	return vs[0], true, nil
}

// Nearest returns the k passages nearest v, nearest first; none when
// semantic search is not ready.
func (ix *Index) Nearest(v []float32, k int) []index.Neighbor {
	s := ix.vecs.Load()
	if s == nil || !ix.ready.Load() {
		return nil
	}
	return s.nearest(v, k)
}

// Similarity returns the cosine of v and the passage's vector.
func (ix *Index) Similarity(v []float32, passageID string) (float64, bool) {
	s := ix.vecs.Load()
	if s == nil {
		return 0, false
	}
	pv, ok := s.vector(passageID)
	if !ok || len(pv) != len(v) {
		return 0, false
	}
	return float64(embed.Dot(v, pv)), true
}
