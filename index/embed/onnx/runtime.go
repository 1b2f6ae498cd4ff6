//go:build cgo

package onnx

import (
	"fmt"
	"sync"

	ort "github.com/yalue/onnxruntime_go"

	"newsdesk/index/embed"
)

// ONNX Runtime's environment is one per process, and onnxruntime_go keeps
// it in globals of its own; these mirror which library it was made from,
// so a second Open with another library fails instead of silently using
// the first.
var (
	runtimeMu  sync.Mutex
	runtimeLib string
)

// startRuntime loads ONNX Runtime from lib unless it is loaded already.
// Its errors wrap embed.ErrNoModel.
func startRuntime(lib string) error {
	runtimeMu.Lock()
	defer runtimeMu.Unlock()
	if ort.IsInitialized() {
		if lib != runtimeLib {
			return fmt.Errorf("load ONNX Runtime %s: this process already loaded %s: %w", lib, runtimeLib, embed.ErrNoModel)
		}
		return nil
	}
	ort.SetSharedLibraryPath(lib)
	if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
		return fmt.Errorf("load ONNX Runtime (set NEWSDESK_ONNXRUNTIME_LIB to libonnxruntime.so.1; scripts/fetch-models fetches it): %v: %w", err, embed.ErrNoModel)
	}
	runtimeLib = lib
	return nil
}
