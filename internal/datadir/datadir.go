package datadir

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Embedded is the name of the embedded corpus's index.
const Embedded = "embedded"

// CorpusName names the index of the corpus in corpusDir: Embedded for ""
// (the embedded corpus), else the folder's base name, cleaned to letters,
// digits and dashes, and the first 12 hex digits of the SHA-256 of its
// absolute path with symbolic links resolved, e.g. "news-3f2a9c1d0b7e".
// The same folder gets the same name from any working directory; two
// folders of the same base name get different ones. It returns an error
// only when the working directory cannot be read.
func CorpusName(corpusDir string) (string, error) {
	if corpusDir == "" {
		return Embedded, nil
	}
	abs, err := filepath.Abs(corpusDir)
	if err != nil {
		return "", fmt.Errorf("name the index of corpus %s: %w", corpusDir, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	sum := sha256.Sum256([]byte(abs))
	return readable(filepath.Base(abs)) + "-" + hex.EncodeToString(sum[:6]), nil
}

// readable keeps the lower-cased letters and digits of base, other runs
// made one dash, at most 32 bytes; "corpus" when nothing is left.
func readable(base string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(base) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 32 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		return "corpus"
	}
	return s
}

// Vectors returns the path of the vector cache of the corpus whose index
// is named name: dataDir/vectors/name.db, its folder created. The cache of
// the earlier layout, dataDir/vectors.db, is moved there when name has
// none yet, as bleve.Options.Name moves the index of that layout: the
// vectors are keyed by passage text, so at worst they are recomputed. An
// empty name is the earlier layout itself (the indexes eval builds).
// Call it while holding the data folder's lock. Its errors are about
// creating the folder or moving the file.
func Vectors(dataDir, name string) (string, error) {
	legacy := filepath.Join(dataDir, "vectors.db")
	if name == "" {
		return legacy, nil
	}
	dir := filepath.Join(dataDir, "vectors")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create vector cache folder: %w", err)
	}
	path := filepath.Join(dir, name+".db")
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return path, nil
	}
	if err := os.Rename(legacy, path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("move the vector cache of the earlier layout to %s: %w", path, err)
	}
	return path, nil
}
