package onnx

// Options are how to run a model, as opposed to what the model is (Config).
type Options struct {
	// Library is the path of libonnxruntime.so.1; empty means the
	// loader's search path. ONNX Runtime is loaded once per process: a
	// later Open naming another library fails.
	Library string
	// Threads is ONNX Runtime's intra-op thread count; 2 by default, the
	// machine's cores.
	Threads int
	// BatchSize is the most texts run through the model at once; 32 by
	// default.
	BatchSize int
	// BatchTokens bounds a batch's padded tokens (texts × longest), so a
	// batch of long texts is smaller than one of short ones; 8192 by
	// default.
	BatchTokens int
}

func (o Options) withDefaults() Options {
	if o.Threads <= 0 {
		o.Threads = 2
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 32
	}
	if o.BatchTokens <= 0 {
		o.BatchTokens = 8192
	}
	if o.Library == "" {
		o.Library = "libonnxruntime.so.1"
	}
	return o
}
