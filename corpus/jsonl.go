package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxJSONLSize caps the (decompressed) size of one .jsonl or .jsonl.gz
// file. Each line, one article, is capped at MaxFileSize.
const MaxJSONLSize = 1 << 30

// errTooLarge reports a file beyond its size cap.
var errTooLarge = errors.New("too large")

// record is one line of a .jsonl corpus, as exported by news APIs, CMSs and
// the BEIR benchmarks.
type record struct {
	ID        json.RawMessage `json:"id"`
	UID       json.RawMessage `json:"_id"`
	Title     string          `json:"title"`
	Text      string          `json:"text"`
	URL       string          `json:"url"`
	Published string          `json:"published"`
	Date      string          `json:"date"` // accepted as published
}

// ParseJSONL reads a JSON Lines file of articles, one object per line:
// "id" or "_id" (string or number), "title", "text", and optional "url" and
// "published" (YYYY-MM-DD or RFC 3339). A gzip stream (path ending in ".gz"
// or starting with the gzip magic bytes) is decompressed; at most
// MaxJSONLSize bytes are read.
//
// An article's ID is the file's ID (path without ".jsonl"/".jsonl.gz"), a
// "/", and the record id: line {"_id": "4983"} of "scifact/corpus.jsonl.gz"
// is "scifact/corpus/4983", so the record id is everything after the file ID
// and "/". Source is path + "#" + the record id. The text is read like a
// plain-text body (blank lines separate paragraphs); a missing title becomes
// the start of the text.
//
// Bad lines (invalid JSON, no id, duplicate id, empty text, bad date, longer
// than MaxFileSize) are returned as skips with the reason "line N: …" and do
// not stop the file. The error is non-nil only when the stream itself cannot
// be read or exceeds MaxJSONLSize; the articles read so far are returned
// with it.
func ParseJSONL(path string, r io.Reader) ([]Article, []Skip, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); strings.HasSuffix(strings.ToLower(path), ".gz") || bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("read gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	lr := &io.LimitedReader{R: br, N: MaxJSONLSize + 1}
	lines := bufio.NewReaderSize(lr, 64<<10)
	fileID := articleID(path)
	var (
		articles []Article
		skips    []Skip
		seen     = map[string]bool{}
	)
	skip := func(n int, format string, args ...any) {
		skips = append(skips, Skip{Path: path, Reason: fmt.Sprintf("line %d: ", n) + fmt.Sprintf(format, args...)})
	}
	for n := 1; ; n++ {
		line, tooLong, err := readLine(lines, MaxFileSize)
		if lr.N <= 0 {
			return articles, skips, fmt.Errorf("%w: larger than %d MiB decompressed; split it", errTooLarge, MaxJSONLSize>>20)
		}
		switch {
		case tooLong:
			skip(n, "longer than %d MiB", MaxFileSize>>20)
		case len(bytes.TrimSpace(line)) > 0:
			a, reason := parseRecord(fileID, path, line)
			switch {
			case reason != "":
				skip(n, "%s", reason)
			case seen[a.ID]:
				skip(n, "duplicate id %q", strings.TrimPrefix(a.ID, fileID+"/"))
			default:
				seen[a.ID] = true
				articles = append(articles, a)
			}
		}
		if err == io.EOF {
			return articles, skips, nil
		}
		if err != nil {
			return articles, skips, fmt.Errorf("read line %d: %w", n, err)
		}
	}
}

// readLine reads one line without its newline. A line longer than limit is
// consumed and reported as tooLong. err is io.EOF after the last line.
func readLine(r *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > limit+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(line, []byte("\n")), tooLong, err
	}
}

// parseRecord turns one JSON line into an article, or says why not.
func parseRecord(fileID, path string, line []byte) (Article, string) {
	if !utf8.Valid(line) {
		line = []byte(decodeMixed(line))
	}
	var rec record
	if err := json.Unmarshal(line, &rec); err != nil {
		return Article{}, "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: ")
	}
	raw := rec.UID
	if len(raw) == 0 || string(raw) == "null" {
		raw = rec.ID
	}
	id, ok := recordID(raw)
	if !ok {
		return Article{}, `no "id" or "_id" (a string or number)`
	}
	pub := rec.Published
	if pub == "" {
		pub = rec.Date
	}
	published, err := parseDate(pub)
	if err != nil {
		return Article{}, err.Error()
	}
	a := Article{
		ID:        fileID + "/" + id,
		Title:     rec.Title,
		Source:    path + "#" + id,
		URL:       strings.TrimSpace(rec.URL),
		Published: published,
	}
	var b builder
	textBody(&b, splitLines(rec.Text))
	if clean(a.Title) == "" {
		a.Title = excerpt(clean(rec.Text), 80)
	}
	a, err = b.article(a, path)
	if err != nil {
		return Article{}, "empty text"
	}
	return a, ""
}

// recordID reads an id given as a JSON string or number.
func recordID(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		s = strings.TrimSpace(s)
		return s, s != ""
	}
	var num json.Number
	if json.Unmarshal(raw, &num) != nil {
		return "", false
	}
	return num.String(), true
}

// excerpt shortens s to at most n characters at a word boundary, marking
// the cut with "…".
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	count, cut := 0, 0
	for i, r := range s {
		if count == n {
			break
		}
		if r == ' ' {
			cut = i
		}
		count++
		if cut == 0 {
			cut = i + utf8.RuneLen(r)
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}
