package boltfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMoveAsideNamesUniquely(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "vectors.db")
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	var names []string
	for i := range 3 {
		if err := os.WriteFile(path, []byte{byte(i)}, 0o644); err != nil {
			t.Fatal(err)
		}
		aside, err := MoveAside(path, now)
		if err != nil {
			t.Fatalf("moveAside %d: %v", i, err)
		}
		names = append(names, filepath.Base(aside))
	}
	want := []string{
		"vectors.db.corrupt-20240301T120000Z",
		"vectors.db.corrupt-20240301T120000Z-2",
		"vectors.db.corrupt-20240301T120000Z-3",
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("names = %q; want %q", names, want)
	}
}
