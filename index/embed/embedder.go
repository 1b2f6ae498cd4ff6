package embed

import (
	"context"
	"fmt"
	"strings"
)

// Embedder turns texts into vectors: one L2-normalized vector per text, in
// the order given, all of Model().Dims dimensions.
//
// Embed honours ctx between batches (and in I/O, for a remote model);
// it returns ctx.Err() wrapped when ctx ends first. It returns an error
// wrapping ErrNoModel when the model cannot be used at all, so a caller
// can fall back to lexical search; any other error is about this call.
// Implementations are safe for concurrent use.
type Embedder interface {
	Embed(ctx context.Context, kind Kind, texts []string) ([][]float32, error)
	Model() Model
}

// Kind says what a text is for. Asymmetric models embed a question and the
// passage that answers it differently: e5 wants "query: " and "passage: "
// before them, bge an instruction before queries only.
type Kind int

const (
	// Passage is a text to be found: an article's paragraph.
	Passage Kind = iota
	// Query is a text to search with: a user's question.
	Query
)

// String returns "passage" or "query".
func (k Kind) String() string {
	switch k {
	case Passage:
		return "passage"
	case Query:
		return "query"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Prefixes are the texts a model wants before each query and each passage
// ("query: " and "passage: " for e5; empty for all-MiniLM).
type Prefixes struct {
	Query   string `json:"query_prefix"`
	Passage string `json:"passage_prefix"`
}

// Apply returns texts with kind's prefix before each one. It returns texts
// itself when the prefix is empty.
func (p Prefixes) Apply(kind Kind, texts []string) []string {
	prefix := p.Passage
	if kind == Query {
		prefix = p.Query
	}
	if prefix == "" {
		return texts
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = prefix + t
	}
	return out
}

// Model names what made a set of vectors. Vectors made by two models with
// different keys must never be compared, so stored vectors are keyed by
// Key().
type Model struct {
	// Name is the model's short name, e.g. "all-minilm-l6-v2-q".
	Name string
	// Dims is the length of every vector.
	Dims int
	// Digest identifies the exact weights: "sha256:" and the first 16 hex
	// digits of the model file's hash, or "endpoint:" and the base URL of a
	// remote model.
	Digest string
}

// Key returns the model's identity as one string, "name/dims/digest",
// for keying stored vectors.
func (m Model) Key() string {
	return fmt.Sprintf("%s/%d/%s", m.Name, m.Dims, m.Digest)
}

// String returns Key().
func (m Model) String() string { return m.Key() }

// Valid reports whether m names a usable model: a name without "/" and at
// least one dimension.
func (m Model) Valid() bool {
	return m.Name != "" && !strings.Contains(m.Name, "/") && m.Dims > 0
}
