//go:build !cgo

package onnx

import (
	"context"
	"errors"
	"fmt"

	"newsdesk/index/embed"
)

// ErrNoCgo is wrapped, with embed.ErrNoModel, by Open's error in a build
// without cgo, which cannot load ONNX Runtime.
var ErrNoCgo = errors.New("built without cgo (CGO_ENABLED=0), so ONNX Runtime cannot be loaded")

// Embedder is a stand-in: a build without cgo has no in-process model.
type Embedder struct{}

var _ embed.Embedder = (*Embedder)(nil)

// Open always fails in a build without cgo, with an error wrapping
// embed.ErrNoModel and ErrNoCgo.
func Open(dir string, o Options) (*Embedder, error) {
	return nil, fmt.Errorf("open embedding model %q: %w: %w", dir, ErrNoCgo, embed.ErrNoModel)
}

// Model returns the zero Model.
func (e *Embedder) Model() embed.Model { return embed.Model{} }

// Config returns the zero Config.
func (e *Embedder) Config() Config { return Config{} }

// Embed always fails with an error wrapping embed.ErrNoModel.
func (e *Embedder) Embed(ctx context.Context, kind embed.Kind, texts []string) ([][]float32, error) {
	return nil, fmt.Errorf("embed: %w: %w", ErrNoCgo, embed.ErrNoModel)
}

// Close does nothing.
func (e *Embedder) Close() error { return nil }
