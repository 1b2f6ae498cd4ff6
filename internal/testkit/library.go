package testkit

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"newsdesk/corpus"
	"newsdesk/index/bleve"
)

// Library is a real index of the repository's testdata/articles plus the
// embedded seed article, in a temporary data folder.
func Library(tb testing.TB) *bleve.Index {
	tb.Helper()
	arts, report, err := corpus.Load(context.Background(), filepath.Join(RepoRoot(tb), "testdata", "articles"))
	if err != nil {
		tb.Fatalf("load testdata: %v", err)
	}
	if len(report.Skipped) > 0 {
		tb.Fatalf("testdata skipped: %+v", report.Skipped)
	}
	return Index(tb, append(arts, corpus.Default()...))
}

// RepoRoot is the folder of the newsdesk module, found from this file's
// path, so tests in any package read the shared testdata/ the same way.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("testkit: cannot find the repository root")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}
