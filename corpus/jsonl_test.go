package corpus

import (
	"bytes"
	"compress/gzip"
	"context"
	"slices"
	"strings"
	"testing"
)

func gzipped(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseJSONL(t *testing.T) {
	feed := readTestdata(t, "exports/feed.jsonl")
	tests := []struct {
		name, path string
		data       []byte
		ids        []string
		skips      []string
	}{
		{"plain", "exports/feed.jsonl", feed,
			[]string{"exports/feed/a1", "exports/feed/42", "exports/feed/a7"},
			[]string{"line 3: empty text", `line 4: no "id" or "_id" (a string or number)`,
				"line 5: invalid JSON: invalid character 'o' in literal null (expecting 'u')", `line 6: duplicate id "a1"`}},
		{"gzip", "beir/corpus.jsonl.gz", gzipped(t, []byte(`{"_id": "4983", "title": "Microstructure", "text": "Alterations of the architecture."}`+"\n")),
			[]string{"beir/corpus/4983"}, nil},
		{"gzip detected by magic bytes", "export.jsonl", gzipped(t, []byte(`{"id": 1, "title": "T", "text": "Body."}`)),
			[]string{"export/1"}, nil},
		{"CRLF, blank lines, no final newline", "c.jsonl", []byte("{\"id\":\"x\",\"text\":\"One.\"}\r\n\r\n   \n{\"id\":\"y\",\"text\":\"Two.\"}"),
			[]string{"c/x", "c/y"}, nil},
		{"bad dates and ids", "d.jsonl", []byte(`{"id":"p","text":"T.","published":"soon"}` + "\n" + `{"id":{"a":1},"text":"T."}` + "\n" + `{"id":"","text":"T."}` + "\n" + `{"id":"q","title":5,"text":"T."}` + "\n"),
			nil, []string{`line 1: published date "soon": use YYYY-MM-DD or RFC 3339`, `line 2: no "id" or "_id" (a string or number)`,
				`line 3: no "id" or "_id" (a string or number)`, "line 4: invalid JSON: cannot unmarshal number into Go struct field record.title of type string"}},
		{"invalid UTF-8 inside a line", "l.jsonl", []byte("{\"id\":\"l\",\"title\":\"Fee\",\"text\":\"A \xa315.8m fee.\"}\n"),
			[]string{"l/l"}, nil},
		{"line over MaxFileSize", "big.jsonl", []byte(`{"id":"big","text":"` + strings.Repeat("a", MaxFileSize) + "\"}\n" + `{"id":"ok","text":"Fine."}`),
			[]string{"big/ok"}, []string{"line 1: longer than 8 MiB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			articles, skips, err := ParseJSONL(tt.path, bytes.NewReader(tt.data))
			if err != nil {
				t.Fatalf("ParseJSONL: %v", err)
			}
			if got := ids(articles); !slices.Equal(got, tt.ids) {
				t.Errorf("IDs: got %q; want %q", got, tt.ids)
			}
			var reasons []string
			for _, s := range skips {
				if s.Path != tt.path {
					t.Errorf("skip path: got %q; want %q", s.Path, tt.path)
				}
				reasons = append(reasons, s.Reason)
			}
			if !slices.Equal(reasons, tt.skips) {
				t.Errorf("skips:\ngot  %q\nwant %q", reasons, tt.skips)
			}
			for _, a := range articles {
				checkConsistent(t, a)
			}
		})
	}
}

func TestParseJSONLFields(t *testing.T) {
	articles, _, err := ParseJSONL("exports/feed.jsonl", bytes.NewReader(readTestdata(t, "exports/feed.jsonl")))
	if err != nil || len(articles) == 0 {
		t.Fatalf("ParseJSONL: %d articles, %v", len(articles), err)
	}
	checkArticle(t, articles[0], want{
		ID: "exports/feed/a1", Title: "Airport adds night flights", Source: "exports/feed.jsonl#a1",
		URL: "https://example.net/a1", Published: "2025-02-01T09:00:00Z",
		Paragraphs: []string{"The airport will add 12 night flights a week from April.", "Residents' groups said they would appeal."},
	})
	if got, want := articles[2].Title, "A record without a title still loads, with the start of its text as the title."; got != want {
		t.Errorf("title from text: got %q; want %q", got, want)
	}
	l, _, _ := ParseJSONL("l.jsonl", strings.NewReader("{\"id\":\"l\",\"text\":\""+strings.Repeat("word ", 40)+"\"}"))
	if got := l[0].Title; !strings.HasSuffix(got, "word…") || len([]rune(got)) > 81 {
		t.Errorf("long title from text: got %q; want at most 80 characters and \"…\"", got)
	}
}

func TestLoadJSONLGzip(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "scifact/corpus.jsonl.gz", gzipped(t, []byte(`{"_id": "4983", "title": "T", "text": "Body."}`+"\n"+`{"_id": "5", "title": "U", "text": "More."}`)))
	writeFile(t, root, "broken.jsonl.gz", []byte("not gzip"))
	articles, report, err := Load(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(articles), []string{"scifact/corpus/4983", "scifact/corpus/5"}; !slices.Equal(got, want) {
		t.Errorf("IDs: got %q; want %q", got, want)
	}
	if len(report.Skipped) != 1 || report.Skipped[0].Path != "broken.jsonl.gz" || !strings.Contains(report.Skipped[0].Reason, "gzip") {
		t.Errorf("Skipped: got %q; want broken.jsonl.gz with a gzip reason", report.Skipped)
	}
}

func FuzzParseJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","title":"T","text":"One. Two.","published":"2024-01-02"}` + "\n" + `{"_id":5,"text":"x"}`))
	f.Add([]byte("not json\n{}\n{\"id\":null}\n"))
	f.Add(gzipped(f, []byte(`{"id":"z","text":"Zipped."}`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		articles, skips, _ := ParseJSONL("f.jsonl", bytes.NewReader(data))
		seen := map[string]bool{}
		for _, a := range articles {
			if seen[a.ID] || !strings.HasPrefix(a.ID, "f/") {
				t.Fatalf("ID %q duplicated or without the file prefix", a.ID)
			}
			seen[a.ID] = true
			checkConsistent(t, a)
		}
		for _, s := range skips {
			if !strings.HasPrefix(s.Reason, "line ") {
				t.Fatalf("skip reason %q does not name its line", s.Reason)
			}
		}
	})
}
