package semantic

import (
	"context"
	"errors"
	"hash/fnv"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/corpus"
	"newsdesk/index/bleve"
	"newsdesk/index/embed"
)

// words is a test embedder: each word of a text adds to one of 64
// dimensions, so texts sharing words are near. It counts what it embeds
// and can be made to fail or to wait.
type words struct {
	name string
	mu   sync.Mutex
	n    int           // passages embedded
	fail error         // returned by Embed when set
	gate chan struct{} // when not nil, Embed of passages waits for it
}

func (w *words) Model() embed.Model {
	return embed.Model{Name: w.name, Dims: 64, Digest: "test:" + w.name}
}

func (w *words) Embed(ctx context.Context, kind embed.Kind, texts []string) ([][]float32, error) {
	if kind == embed.Passage && w.gate != nil {
		select {
		case <-w.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fail != nil {
		return nil, w.fail
	}
	if kind == embed.Passage {
		w.n += len(texts)
	}
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, 64)
		for _, f := range strings.Fields(strings.ToLower(t)) {
			h := fnv.New32a()
			h.Write([]byte(strings.Trim(f, ".,?")))
			v[h.Sum32()%64]++
		}
		var norm float64
		for _, x := range v {
			norm += float64(x * x)
		}
		for j := range v {
			v[j] /= float32(math.Sqrt(norm))
		}
		out[i] = v
	}
	return out, nil
}

func (w *words) embedded() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

// memCache is a Cache in memory.
type memCache struct {
	mu sync.Mutex
	m  map[string]map[string][]float32
}

func (c *memCache) Get(_ context.Context, model string, dims int, hashes []string) (map[string][]float32, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string][]float32{}
	for _, h := range hashes {
		if v, ok := c.m[model][h]; ok && len(v) == dims {
			out[h] = v
		}
	}
	return out, nil
}

func (c *memCache) Put(_ context.Context, model string, vecs map[string][]float32) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]map[string][]float32{}
	}
	if c.m[model] == nil {
		c.m[model] = map[string][]float32{}
	}
	for h, v := range vecs {
		c.m[model][h] = v
	}
	return nil
}

func (c *memCache) Keep(_ context.Context, model string, keep map[string]bool) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for m, vs := range c.m {
		for h := range vs {
			if m != model || !keep[h] {
				delete(vs, h)
				n++
			}
		}
	}
	return n, nil
}

func articles(texts ...string) []corpus.Article {
	var out []corpus.Article
	for i, t := range texts {
		out = append(out, corpus.Article{ID: string(rune('a' + i)), Title: "Story " + string(rune('A'+i)), Text: t})
	}
	return out
}

func open(t *testing.T, emb embed.Embedder, cache Cache, opts Options) *Index {
	t.Helper()
	st, err := bleve.Open(context.Background(), t.TempDir(), bleve.Options{Owner: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ix := New(st, emb, cache, opts)
	t.Cleanup(func() { ix.Close() })
	return ix
}

func TestUpdateEmbedsOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	emb, cache := &words{name: "w"}, &memCache{}
	ix := open(t, emb, cache, Options{})
	arts := articles("The ferry costs four pounds.", "The library opens at nine.", "Apples were picked in June.")
	steps := []struct {
		name string
		arts []corpus.Article
		want int // passages embedded by the step
	}{
		{"first update embeds every passage", arts, 3},
		{"nothing changed, nothing embedded", arts, 0},
		{"one changed article, one passage", append(arts[:2:2], corpus.Article{ID: "c", Title: "Story C", Text: "Pears were picked in May."}), 1},
	}
	for _, s := range steps {
		before := emb.embedded()
		if _, err := ix.Update(ctx, s.arts, nil); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := emb.embedded() - before; got != s.want {
			t.Errorf("%s: embedded %d passages; want %d", s.name, got, s.want)
		}
		if !ix.Ready() {
			t.Errorf("%s: not ready after a synchronous update", s.name)
		}
	}
}

func TestNearestFindsByMeaning(t *testing.T) {
	ctx := context.Background()
	ix := open(t, &words{name: "w"}, &memCache{}, Options{})
	if _, err := ix.Update(ctx, articles("The ferry costs four pounds.", "The library opens at nine.", "Apples were picked in June."), nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ question, want string }{
		{"when does the library open", "b#1"},
		{"how much is the ferry", "a#1"},
		{"which apples were picked", "c#1"},
	}
	for _, tt := range tests {
		v, ok, err := ix.QueryVector(ctx, tt.question)
		if err != nil || !ok {
			t.Fatalf("QueryVector(%q) = %v, %v", tt.question, ok, err)
		}
		near := ix.Nearest(v, 2)
		if len(near) != 2 || near[0].PassageID != tt.want {
			t.Errorf("Nearest(%q) = %+v; want %s first", tt.question, near, tt.want)
			continue
		}
		if near[0].Similarity < near[1].Similarity {
			t.Errorf("Nearest(%q) not nearest first: %+v", tt.question, near)
		}
		if sim, ok := ix.Similarity(v, tt.want); !ok || sim != near[0].Similarity {
			t.Errorf("Similarity(%q, %s) = %v, %v; want %v", tt.question, tt.want, sim, ok, near[0].Similarity)
		}
	}
}

func TestModelChangeReembeds(t *testing.T) {
	ctx := context.Background()
	cache := &memCache{}
	arts := articles("The ferry costs four pounds.", "The library opens at nine.")
	for _, s := range []struct {
		model string
		want  int
	}{{"one", 2}, {"one", 0}, {"two", 2}, {"one", 2}} {
		emb := &words{name: s.model}
		ix := open(t, emb, cache, Options{})
		if _, err := ix.Update(ctx, arts, nil); err != nil {
			t.Fatal(err)
		}
		if got := emb.embedded(); got != s.want {
			t.Errorf("model %s: embedded %d; want %d (vectors of another model are never reused, and only the current model's are kept)", s.model, got, s.want)
		}
	}
}

func TestEmbedFailureKeepsLexicalIndex(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("model crashed")
	ix := open(t, &words{name: "w", fail: boom}, &memCache{}, Options{})
	st, err := ix.Update(ctx, articles("The ferry costs four pounds."), nil)
	if !errors.Is(err, ErrNotEmbedded) || !errors.Is(err, boom) {
		t.Fatalf("Update error = %v; want one matching ErrNotEmbedded and the model's error", err)
	}
	if st.Added != 1 {
		t.Errorf("Stats.Added = %d; want 1: the lexical index is updated anyway", st.Added)
	}
	if _, ok, _ := ix.QueryVector(ctx, "ferry"); ok {
		t.Error("semantic search ready without vectors")
	}
	hits, err := ix.Search(ctx, "ferry", 5)
	if err != nil || len(hits) != 1 {
		t.Errorf("Search = %d hits, %v; want the passage, found lexically", len(hits), err)
	}
}

func TestBackgroundAnswersLexicallyUntilDone(t *testing.T) {
	ctx := context.Background()
	emb := &words{name: "w", gate: make(chan struct{})}
	ix := open(t, emb, &memCache{}, Options{Background: true})
	if _, err := ix.Update(ctx, articles("The ferry costs four pounds."), nil); err != nil {
		t.Fatal(err)
	}
	if ix.Ready() {
		t.Fatal("ready before the passages are embedded")
	}
	if hits, err := ix.Search(ctx, "ferry", 5); err != nil || len(hits) != 1 {
		t.Fatalf("lexical search while embedding: %d hits, %v", len(hits), err)
	}
	close(emb.gate)
	deadline := time.Now().Add(10 * time.Second)
	for !ix.Ready() {
		if time.Now().After(deadline) {
			t.Fatal("not ready after the embedder finished")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCloseStopsBackgroundEmbedding(t *testing.T) {
	emb := &words{name: "w", gate: make(chan struct{})} // never opened: Embed waits for ctx
	st, err := bleve.Open(context.Background(), t.TempDir(), bleve.Options{Owner: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ix := New(st, emb, &memCache{}, Options{Background: true})
	if _, err := ix.Update(context.Background(), articles("The ferry costs four pounds."), nil); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- ix.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not stop the embedding goroutine")
	}
}
