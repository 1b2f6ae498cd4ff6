package config

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Embed holds the optional embedding model that turns on semantic search:
// a model folder run in-process, or an OpenAI-compatible /v1/embeddings
// endpoint. Without one, retrieval is lexical.
type Embed struct {
	ModelDir   string        // NEWSDESK_EMBED_MODEL: folder with model.onnx and tokenizer.json
	RuntimeLib string        // NEWSDESK_ONNXRUNTIME_LIB: path to libonnxruntime.so.1; "" means the loader's path
	URL        string        // NEWSDESK_EMBED_URL, or OPENAI_BASE_URL when only NEWSDESK_EMBED_MODEL_NAME is set
	ModelName  string        // NEWSDESK_EMBED_MODEL_NAME: the endpoint's model
	APIKey     Secret        // NEWSDESK_EMBED_API_KEY, else OPENAI_API_KEY
	Timeout    time.Duration // NEWSDESK_EMBED_TIMEOUT: one request to the endpoint; default 30s
}

// InProcess reports whether the model runs in this process (ONNX Runtime).
func (e Embed) InProcess() bool { return e.ModelDir != "" }

// Endpoint reports whether the model is an OpenAI-compatible endpoint.
func (e Embed) Endpoint() bool { return e.ModelName != "" }

// Enabled reports whether an embedding model is configured.
func (e Embed) Enabled() bool { return e.InProcess() || e.Endpoint() }

// Describe says whether semantic search is on and with what model, for
// the line commands log at start: "off", "model folder DIR (in-process)"
// or "model nomic-embed-text at localhost:11434". It never includes the
// key.
func (e Embed) Describe() string {
	switch {
	case e.InProcess():
		return "model folder " + e.ModelDir + " (in-process)"
	case e.Endpoint():
		return "model " + e.ModelName + " at " + host(e.URL, "")
	default:
		return "off"
	}
}

// loadEmbed reads the embedding settings; get returns a variable's trimmed
// value or def.
func loadEmbed(get func(key, def string) string) (Embed, error) {
	var errs []error
	e := Embed{
		ModelDir:   get("NEWSDESK_EMBED_MODEL", ""),
		RuntimeLib: get("NEWSDESK_ONNXRUNTIME_LIB", ""),
		ModelName:  get("NEWSDESK_EMBED_MODEL_NAME", ""),
		URL:        get("NEWSDESK_EMBED_URL", ""),
		APIKey:     Secret(get("NEWSDESK_EMBED_API_KEY", get("OPENAI_API_KEY", ""))),
		Timeout:    30 * time.Second,
	}
	if v := get("NEWSDESK_EMBED_TIMEOUT", ""); v != "" {
		d, err := ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("NEWSDESK_EMBED_TIMEOUT=%q is not a positive duration; use a value like 30s", v))
		} else {
			e.Timeout = d
		}
	}
	if e.URL != "" && e.ModelName == "" {
		errs = append(errs, errors.New("NEWSDESK_EMBED_URL is set but NEWSDESK_EMBED_MODEL_NAME is not; name the endpoint's embedding model (e.g. nomic-embed-text)"))
	}
	if e.ModelName != "" && e.URL == "" {
		e.URL = get("OPENAI_BASE_URL", "")
		if e.URL == "" {
			errs = append(errs, errors.New("NEWSDESK_EMBED_MODEL_NAME is set but neither NEWSDESK_EMBED_URL nor OPENAI_BASE_URL says where the endpoint is"))
		}
	}
	if u := e.URL; u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		errs = append(errs, fmt.Errorf("NEWSDESK_EMBED_URL=%q must start with http:// or https:// (e.g. http://localhost:11434/v1)", u))
	}
	if e.InProcess() && e.Endpoint() {
		errs = append(errs, errors.New("both NEWSDESK_EMBED_MODEL (a model folder) and NEWSDESK_EMBED_MODEL_NAME (an endpoint's model) are set; set one"))
	}
	return e, errors.Join(errs...)
}
