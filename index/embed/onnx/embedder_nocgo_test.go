//go:build !cgo

package onnx

import (
	"errors"
	"path/filepath"
	"testing"

	"newsdesk/index/embed"
)

func TestOpenWithoutCgo(t *testing.T) {
	_, err := Open(filepath.Join("testdata", "tiny"), Options{})
	if !errors.Is(err, embed.ErrNoModel) || !errors.Is(err, ErrNoCgo) {
		t.Errorf("Open error = %v; want ErrNoModel and ErrNoCgo", err)
	}
}
