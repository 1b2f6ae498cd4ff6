package bleve

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// errPanicked marks a panic of bleve's, or of the zap segment readers under
// it, turned into an error by guard.
var errPanicked = errors.New("the search engine panicked")

// guard runs fn, turning a panic, and a fault on a segment's memory
// mapping (a segment file truncated under the index), into an error
// matching errPanicked that names where it happened. zap trusts its files:
// on a damaged one it slices out of range, or allocates what a length read
// from garbage says; and scorch, after a failed write, serves a segment it
// has closed, whose caches are nil maps.
func guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w in %s: %v", errPanicked, panicSite(), r)
		}
	}()
	return fn()
}

// panicSite names the function that panicked, for the log: the first
// frame below the deferred recover that is not the runtime's own.
func panicSite() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") && f.Function != "" {
			return fmt.Sprintf("%s (%s:%d)", f.Function, lastElems(f.File, 2), f.Line)
		}
		if !more {
			return "an unknown function"
		}
	}
}

// lastElems returns the last n elements of a slash-separated path.
func lastElems(path string, n int) string {
	i := len(path)
	for range n {
		i = strings.LastIndexByte(path[:i], '/')
		if i < 0 {
			return path
		}
	}
	return path[i+1:]
}
