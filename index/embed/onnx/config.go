package onnx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"newsdesk/index/embed"
)

// ConfigFile is the name of a model folder's optional settings file.
const ConfigFile = "newsdesk-embed.json"

// Config is what a model folder's newsdesk-embed.json says about its model;
// every field has a default for a folder without one.
type Config struct {
	// Name is the model's short name; the folder's name by default.
	Name string `json:"name"`
	// Pooling is "mean" (the default: average of the token vectors under
	// the attention mask, as all-MiniLM and e5 were trained) or "cls" (the
	// first token's vector, as bge was).
	Pooling string `json:"pooling"`
	// MaxLength is the most tokens, [CLS] and [SEP] included, the model
	// sees of one text; longer texts lose their end. 512 by default.
	MaxLength int `json:"max_length"`
	// Output is the name of the model output holding the token vectors;
	// "last_hidden_state" by default.
	Output string `json:"output"`
	embed.Prefixes
}

// Pooling methods.
const (
	PoolMean = "mean"
	PoolCLS  = "cls"
)

// loadConfig reads dir's newsdesk-embed.json, if any, and fills in the
// defaults.
func loadConfig(dir string) (Config, error) {
	var c Config
	b, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return c, fmt.Errorf("read %s: %w", ConfigFile, err)
	default:
		if err := json.Unmarshal(b, &c); err != nil {
			return c, fmt.Errorf("decode %s: %w", ConfigFile, err)
		}
	}
	if c.Name == "" {
		c.Name = filepath.Base(dir)
	}
	if c.Pooling == "" {
		c.Pooling = PoolMean
	}
	if c.MaxLength == 0 {
		c.MaxLength = 512
	}
	if c.Output == "" {
		c.Output = "last_hidden_state"
	}
	if c.Pooling != PoolMean && c.Pooling != PoolCLS {
		return c, fmt.Errorf("%s: pooling %q, want %q or %q", ConfigFile, c.Pooling, PoolMean, PoolCLS)
	}
	if c.MaxLength < 3 {
		return c, fmt.Errorf("%s: max_length %d leaves no room for a token", ConfigFile, c.MaxLength)
	}
	if !(embed.Model{Name: c.Name, Dims: 1}).Valid() {
		return c, fmt.Errorf("%s: name %q may not hold a slash", ConfigFile, c.Name)
	}
	return c, nil
}
