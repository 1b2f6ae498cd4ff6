//go:build linux || darwin

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestAskOnFullDisk: with a new article in the corpus and no room to index
// it, ask still answers from the index as it is, and says why it is not up
// to date. The file size limit that stands for the full disk binds the
// whole process, so the command runs in a child process.
func TestAskOnFullDisk(t *testing.T) {
	if dir := os.Getenv("NEWSDESK_FULL_CHILD"); dir != "" {
		askOnFullDisk(t, dir)
		return
	}
	corpusDir := t.TempDir()
	entries, err := os.ReadDir("testdata/articles")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join("testdata/articles", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(corpusDir, e.Name()), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := t.TempDir()
	env := map[string]string{"NEWSDESK_DATA_DIR": data, "NEWSDESK_CORPUS_DIR": corpusDir}
	if _, errs, code := runCLI(t, env, "", "index"); code != 0 {
		t.Fatalf("index: exit %d: %s", code, errs)
	}
	news := "# Ferry timetable changes\n\nThe island ferry will sail twice a day from May.\n"
	if err := os.WriteFile(filepath.Join(corpusDir, "ferry.md"), []byte(news), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestAskOnFullDisk$", "-test.v")
	cmd.Env = append(os.Environ(), "NEWSDESK_FULL_CHILD="+data, "NEWSDESK_FULL_CORPUS="+corpusDir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ask on a full disk, in a child process: %v\n%s", err, out)
	}
}

// askOnFullDisk is the child's part of TestAskOnFullDisk.
func askOnFullDisk(t *testing.T, data string) {
	var was syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &was); err != nil {
		t.Fatal(err)
	}
	limit := was
	limit.Cur = 1 // no file can grow: a full disk, as far as newsdesk can tell
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Fatal(err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_FSIZE, &was)
	env := map[string]string{"NEWSDESK_DATA_DIR": data, "NEWSDESK_CORPUS_DIR": os.Getenv("NEWSDESK_FULL_CORPUS")}
	out, errs, code := runCLI(t, env, "", "ask", "--json", "How many new berths does the harbour plan add?")
	if code != 0 {
		t.Fatalf("ask on a full disk: exit %d: %s", code, errs)
	}
	if a := decode[jsonAnswer](t, out); len(a.Citations) == 0 || a.Citations[0].ArticleID != "harbour-expansion" {
		t.Errorf("ask on a full disk = %+v; want an answer from harbour-expansion", a)
	}
	if !strings.Contains(errs, "could not be brought up to date") {
		t.Errorf("stderr = %q; want a warning that the index is not up to date", errs)
	}
}
