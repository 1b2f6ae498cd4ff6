package embed

import "errors"

// ErrNoModel is wrapped by every error that means no embedding model can
// be used here: no model configured, its files or the runtime library
// missing or unreadable, a build without cgo, an endpoint that does not
// answer at start. Callers branch on it with errors.Is and fall back to
// lexical search; the wrapping error says what is missing.
var ErrNoModel = errors.New("no embedding model")

// ErrBadVector is wrapped by Validate's errors: a model returned the
// wrong number of vectors, vectors of the wrong length, or values that are
// NaN, infinite or all zero.
var ErrBadVector = errors.New("bad embedding vector")
