//go:build cgo

package onnx

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	ort "github.com/yalue/onnxruntime_go"

	"newsdesk/index/embed"
	"newsdesk/index/embed/wordpiece"
)

// Embedder runs one model folder's model. It is safe for concurrent use
// (ONNX Runtime sessions are), though on two cores one caller at a time
// is as fast.
type Embedder struct {
	cfg     Config
	opts    Options
	tok     *wordpiece.Tokenizer
	session *ort.DynamicAdvancedSession
	inputs  []string // the BERT inputs the model takes, in its order
	model   embed.Model
}

var _ embed.Embedder = (*Embedder)(nil)

// bertInputs are the inputs Embed can feed.
var bertInputs = []string{"input_ids", "attention_mask", "token_type_ids"}

// Open loads the model in folder dir: model.onnx, tokenizer.json (or
// vocab.txt) and newsdesk-embed.json if present. It loads ONNX Runtime
// first if this process has not. Every error that means the model cannot
// be used (a missing folder, file or library; a file that is not ONNX or
// not a tokenizer; a model without BERT's inputs) wraps embed.ErrNoModel
// and says what is missing. Open does no network I/O.
func Open(dir string, o Options) (*Embedder, error) {
	o = o.withDefaults()
	e, err := open(dir, o)
	if err != nil {
		return nil, fmt.Errorf("open embedding model %q: %w", dir, err)
	}
	return e, nil
}

func open(dir string, o Options) (*Embedder, error) {
	if dir == "" {
		return nil, fmt.Errorf("no model folder given (set NEWSDESK_EMBED_MODEL; scripts/fetch-models fetches one): %w", embed.ErrNoModel)
	}
	modelPath := filepath.Join(dir, "model.onnx")
	info, err := os.Stat(modelPath)
	if err != nil {
		return nil, fmt.Errorf("no model.onnx (scripts/fetch-models fetches one): %v: %w", err, embed.ErrNoModel)
	}
	if info.Size() == 0 {
		return nil, fmt.Errorf("model.onnx is empty: %w", embed.ErrNoModel)
	}
	cfg, err := loadConfig(dir)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, embed.ErrNoModel)
	}
	tok, err := loadTokenizer(dir)
	if err != nil {
		return nil, err
	}
	digest, err := fileDigest(modelPath)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, embed.ErrNoModel)
	}
	if err := startRuntime(o.Library); err != nil {
		return nil, err
	}
	ins, outs, err := ort.GetInputOutputInfo(modelPath)
	if err != nil {
		return nil, fmt.Errorf("read model.onnx (not an ONNX model?): %v: %w", err, embed.ErrNoModel)
	}
	e := &Embedder{cfg: cfg, opts: o, tok: tok}
	for _, in := range ins {
		if !slices.Contains(bertInputs, in.Name) {
			return nil, fmt.Errorf("model.onnx has input %q; want only %v: %w", in.Name, bertInputs, embed.ErrNoModel)
		}
		e.inputs = append(e.inputs, in.Name)
	}
	if !slices.Contains(e.inputs, "input_ids") {
		return nil, fmt.Errorf("model.onnx has no input_ids input: %w", embed.ErrNoModel)
	}
	dims := 0
	for _, out := range outs {
		if out.Name == cfg.Output && len(out.Dimensions) == 3 {
			dims = int(out.Dimensions[2])
		}
	}
	if dims <= 0 {
		return nil, fmt.Errorf("model.onnx has no output %q of shape [batch, seq, dims]: %w", cfg.Output, embed.ErrNoModel)
	}
	so, err := ort.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("session options: %v: %w", err, embed.ErrNoModel)
	}
	defer so.Destroy()
	if err := so.SetIntraOpNumThreads(o.Threads); err != nil {
		return nil, fmt.Errorf("set %d threads: %v: %w", o.Threads, err, embed.ErrNoModel)
	}
	if err := so.SetInterOpNumThreads(1); err != nil {
		return nil, fmt.Errorf("set inter-op threads: %v: %w", err, embed.ErrNoModel)
	}
	e.session, err = ort.NewDynamicAdvancedSession(modelPath, e.inputs, []string{cfg.Output}, so)
	if err != nil {
		return nil, fmt.Errorf("load model.onnx: %v: %w", err, embed.ErrNoModel)
	}
	e.model = embed.Model{Name: cfg.Name, Dims: dims, Digest: digest}
	return e, nil
}

// loadTokenizer reads dir's tokenizer.json, or its vocab.txt when there is
// none.
func loadTokenizer(dir string) (*wordpiece.Tokenizer, error) {
	for _, name := range []string{"tokenizer.json", "vocab.txt"} {
		tok, err := wordpiece.Load(filepath.Join(dir, name))
		if err == nil {
			return tok, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%v: %w", err, embed.ErrNoModel)
		}
	}
	return nil, fmt.Errorf("no tokenizer.json or vocab.txt beside model.onnx: %w", embed.ErrNoModel)
}

// fileDigest returns "sha256:" and the first 16 hex digits of the file's
// hash: enough to tell two models apart, short enough to read in a key.
func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

// Model returns the model's name, dimensions and the digest of its
// model.onnx.
func (e *Embedder) Model() embed.Model { return e.model }

// Config returns the model folder's settings, defaults filled in.
func (e *Embedder) Config() Config { return e.cfg }

// Embed returns one normalized vector per text, in order. Texts get the
// model's prefix for kind, and lose their end past Config().MaxLength
// tokens. It checks ctx before each batch and returns ctx.Err(), wrapped,
// once ctx is done; a batch once started runs to its end.
func (e *Embedder) Embed(ctx context.Context, kind embed.Kind, texts []string) ([][]float32, error) {
	texts = e.cfg.Prefixes.Apply(kind, texts)
	ids := make([][]int64, len(texts))
	for i, t := range texts {
		ids[i] = e.tok.Encode(t, e.cfg.MaxLength)
	}
	out := make([][]float32, len(texts))
	for _, b := range plan(ids, e.opts.BatchSize, e.opts.BatchTokens) {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("embed %d texts: %w", len(texts), err)
		}
		vecs, err := e.run(b)
		if err != nil {
			return nil, fmt.Errorf("embed %d texts: %w", len(texts), err)
		}
		for k, i := range b.index {
			out[i] = vecs[k]
		}
	}
	return out, nil
}

// run runs one batch through the model and pools its output.
func (e *Embedder) run(b batch) ([][]float32, error) {
	ids, mask, types := b.tensors()
	shape := ort.NewShape(int64(len(b.ids)), int64(b.seq))
	data := map[string][]int64{"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
	inputs := make([]ort.Value, len(e.inputs))
	defer func() {
		for _, v := range inputs {
			if v != nil {
				v.Destroy()
			}
		}
	}()
	for i, name := range e.inputs {
		t, err := ort.NewTensor(shape, data[name])
		if err != nil {
			return nil, fmt.Errorf("make %s tensor: %w", name, err)
		}
		inputs[i] = t
	}
	outputs := []ort.Value{nil}
	if err := e.session.Run(inputs, outputs); err != nil {
		return nil, fmt.Errorf("run model: %w", err)
	}
	defer outputs[0].Destroy()
	hidden, ok := outputs[0].(*ort.Tensor[float32])
	if !ok {
		return nil, fmt.Errorf("model output %q is %T, want a float32 tensor", e.cfg.Output, outputs[0])
	}
	want := ort.NewShape(int64(len(b.ids)), int64(b.seq), int64(e.model.Dims))
	if got := hidden.GetShape(); !slices.Equal(got, want) {
		return nil, fmt.Errorf("model output has shape %v, want %v", got, want)
	}
	return pool(e.cfg.Pooling, hidden.GetData(), b.lens(), b.seq, e.model.Dims)
}

// Close frees the model's session. The Embedder must not be used after.
// ONNX Runtime itself stays loaded for the process's other models.
func (e *Embedder) Close() error {
	if err := e.session.Destroy(); err != nil {
		return fmt.Errorf("close embedding model %s: %w", e.model.Name, err)
	}
	return nil
}
