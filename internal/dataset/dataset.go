package dataset

import (
	"os"
	"path/filepath"
	"testing"
)

// Env names the folder holding bbc-news/, beir-scifact/, squad-v1.1-dev/
// and recognizers-text-specs-en/.
const Env = "NEWSDESK_DATA"

// Path returns the file or folder elem names under $NEWSDESK_DATA, for
// example Path(tb, "bbc-news", "bbc"). It skips tb when NEWSDESK_DATA is
// unset and fails it when the variable is set but elem is not there.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	name := filepath.Join(elem...)
	root := os.Getenv(Env)
	if root == "" {
		tb.Skipf("%s is not set: set it to the folder that holds %s to run this", Env, name)
	}
	p := filepath.Join(root, name)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("%s=%s has no %s: %v", Env, root, name, err)
	}
	return p
}
