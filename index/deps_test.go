package index_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPortImportsNoEngine keeps the port free of the search engine: the
// root package and what it imports never pull in bleve, so a caller that
// only needs index.Hit or index.Store does not either.
func TestPortImportsNoEngine(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not on PATH")
	}
	out, err := exec.Command(gobin, "list", "-deps", "newsdesk/index").Output()
	if err != nil {
		t.Fatalf("go list -deps newsdesk/index: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/blevesearch/") || strings.HasPrefix(pkg, "newsdesk/index/") {
			t.Errorf("newsdesk/index depends on %s; want no search engine below the port", pkg)
		}
	}
}
