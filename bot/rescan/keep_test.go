package rescan

import (
	"context"
	"strings"
	"testing"

	"newsdesk/corpus"
	"newsdesk/internal/testkit"
)

func TestKeepSkipped(t *testing.T) {
	ctx := context.Background()
	parse := func(name, text string) corpus.Article {
		a, err := corpus.Parse(name, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := parse("a.txt", "Harbour plan approved\n\nThe council approved the harbour plan.\n")
	b := parse("news/b.txt", "Rail strike off\n\nThe rail strike was called off.\n")
	ix := testkit.Index(t, []corpus.Article{a, b})

	// b.txt is caught empty while being saved; c.txt was never indexed.
	report := corpus.Report{Skipped: []corpus.Skip{{Path: "news/b.txt", Reason: "empty"}, {Path: "c.txt", Reason: "empty"}}}
	kept := KeepSkipped(ctx, ix, []corpus.Article{a}, report)
	st, err := ix.Update(ctx, kept, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Removed != 0 || st.Unchanged != 2 {
		t.Errorf("stats = %+v; want both articles kept unchanged", st)
	}

	// A file that is gone is not in the report: its article goes.
	if st, _ := ix.Update(ctx, KeepSkipped(ctx, ix, []corpus.Article{a}, corpus.Report{}), nil); st.Removed != 1 {
		t.Errorf("stats = %+v; want the deleted file's article removed", st)
	}
}

func TestRescanKeepsIndexWhenCorpusEmpty(t *testing.T) {
	ctx := context.Background()
	ix := testkit.SeedIndex(t)
	_, err := once(ctx, func(context.Context) ([]corpus.Article, error) { return nil, nil }, ix)
	if err == nil || !strings.Contains(err.Error(), "not removing") || ix.Len() != 1 {
		t.Errorf("rescan of an empty folder: err %v, %d articles left; want an error and the article kept", err, ix.Len())
	}
}
