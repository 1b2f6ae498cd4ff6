package corpus

import "time"

// Article is one source document, parsed and normalized.
//
// Text is the article body as newsdesk stores and quotes it: headings and
// paragraphs separated by blank lines ("\n\n"). Every Passage.Text is a
// verbatim substring of Text, so a quote taken from a passage can always be
// checked against the article it claims to come from.
type Article struct {
	ID        string    // stable, from the path relative to the corpus root, without extension ("business/001")
	Title     string    // headline; never empty (falls back to the file name)
	Source    string    // where it came from: the path relative to the corpus root, or a URL
	URL       string    // optional link to the original
	Published time.Time // zero when unknown
	Text      string    // normalized body, blocks separated by "\n\n"
	Sections  []Section // in order; the lead before the first heading has Heading ""
	Hash      string    // hex SHA-256 of the parsed content; changes when the article changes

	// File is the size and modification time of the article's file as
	// Load found it, zero when the article is not a file of its own (a line
	// of a .jsonl file) or its file changed too recently to be sure it was
	// read whole (see LoadOptions.Known).
	File FileInfo `json:"-"`
	// Unread is set when Load did not keep the article's text: Known said
	// the file is the version indexed (only ID, Hash and File are set), or
	// LoadOptions.Lazy left it to be read again (ID, Hash, File and Path
	// are set; ReadArticle reads it).
	Unread bool `json:"-"`
	// Path is the slash path of the article's file relative to the corpus
	// root, set by Load for an article that is a file of its own.
	Path string `json:"-"`
}

// FileInfo is what Load sees of a file before it reads it.
type FileInfo struct {
	Size    int64
	ModTime int64 // Unix nanoseconds
}

// Section is a run of paragraphs under one heading.
type Section struct {
	Heading    string   // "" for the lead before the first heading
	Paragraphs []string // each a verbatim substring of Article.Text; list items are paragraphs too
}
