package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index"
	"newsdesk/index/bleve"
)

// damageSegments overwrites the middle half of every segment file of the
// index in the data folder data with 0xFF bytes.
func damageSegments(tb testing.TB, data string) {
	tb.Helper()
	zaps, err := filepath.Glob(filepath.Join(data, "index", "*", "store", "*.zap"))
	if err != nil || len(zaps) == 0 {
		tb.Fatalf("no segment files in %s (%v)", data, err)
	}
	for _, z := range zaps {
		raw, err := os.ReadFile(z)
		if err != nil {
			tb.Fatal(err)
		}
		for i := len(raw) / 4; i < 3*len(raw)/4; i++ {
			raw[i] = 0xFF
		}
		if err := os.WriteFile(z, raw, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestIndexCommandRebuildsDamagedIndex: `newsdesk index` sees a damaged
// segment and rebuilds the index from the corpus.
func TestIndexCommandRebuildsDamagedIndex(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"NEWSDESK_DATA_DIR": data, "NEWSDESK_CORPUS_DIR": "testdata/articles"}
	type counts struct {
		Added, Unchanged, Articles int
		Rebuilt                    bool
	}
	if _, errs, code := runCLI(t, env, "", "index", "--json"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	damageSegments(t, data)
	out, errs, code := runCLI(t, env, "", "index", "--json")
	if code != 0 {
		t.Fatalf("index of a damaged index: exit %d: %s", code, errs)
	}
	if got := decode[counts](t, out); !got.Rebuilt || got.Added != 6 || got.Articles != 6 {
		t.Errorf("index of a damaged index = %+v; want rebuilt, 6 added", got)
	}
	out, errs, code = runCLI(t, env, "", "ask", "--json", "How many new berths does the harbour plan add?")
	if code != 0 {
		t.Fatalf("ask after the rebuild: exit %d: %s", code, errs)
	}
	if a := decode[jsonAnswer](t, out); len(a.Citations) == 0 || a.Citations[0].ArticleID != "harbour-expansion" {
		t.Errorf("ask after the rebuild = %+v; want an answer from harbour-expansion", a)
	}
}

// TestHealthCheckReportsRebuilding: /healthz fails, with the reason, while
// the index waits to be rebuilt after damage, and passes once it is.
func TestHealthCheckReportsRebuilding(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	arts, _, err := corpus.Load(ctx, "testdata/articles")
	if err != nil {
		t.Fatal(err)
	}
	ix, err := bleve.Open(ctx, data, bleve.Options{Name: "embedded"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Update(ctx, arts, nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	damageSegments(t, data)

	ix, err = bleve.Open(ctx, data, bleve.Options{Name: "embedded"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	health := healthCheck(ctx, ix)
	if err := health(); !errors.Is(err, index.ErrRebuilding) {
		t.Errorf("health of a damaged index = %v; want an error matching index.ErrRebuilding", err)
	}
	if _, err := ix.Update(ctx, arts, nil); err != nil {
		t.Fatal(err)
	}
	if err := health(); err != nil {
		t.Errorf("health after the rebuild = %v; want nil", err)
	}
}
