package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"newsdesk/bot/digest"
)

// Socket is the socket's name in the data folder.
const Socket = "serve.sock"

// SocketPath is the socket of the serve holding dataDir.
func SocketPath(dataDir string) string { return filepath.Join(dataDir, Socket) }

// corpusHeader carries the corpus the client works on.
const corpusHeader = "X-Newsdesk-Corpus"

// drain is how long Serve lets requests in flight finish once ctx is done;
// they are cancelled first, so they return promptly.
const drain = 10 * time.Second

// Digests is the digest serve offers through the socket.
type Digests interface {
	// Post posts today's digest unless it was already posted.
	Post(ctx context.Context) (digest.Result, error)
	// Preview builds the digest as it would be posted now, or of the
	// articles indexed or changed since since when it is not zero.
	Preview(ctx context.Context, since time.Time) (digest.Digest, error)
}

// Scheduled is Digests over serve's scheduler, with the publisher and the
// state its daily post uses, so that a post through the socket and the
// scheduled one are one and the same (the scheduler serializes them).
type Scheduled struct {
	Scheduler *digest.Scheduler
	Publisher digest.Publisher
	State     digest.State
}

// Post posts today's digest with s's publisher and state.
func (s Scheduled) Post(ctx context.Context) (digest.Result, error) {
	return s.Scheduler.Post(ctx, s.Publisher, s.State)
}

// Preview is the next digest, or the one since since.
func (s Scheduled) Preview(ctx context.Context, since time.Time) (digest.Digest, error) {
	if since.IsZero() {
		return s.Scheduler.Next(ctx, s.State)
	}
	return s.Scheduler.Since(ctx, since)
}

// Options configure the server.
type Options struct {
	Corpus  string       // the name of the corpus serve runs on; requests for another get 409
	Channel string       // the digest channel, reported with a post
	Logger  *slog.Logger // one line per request that fails; nil discards
}

// Server answers on the control socket. Create it with Listen.
type Server struct {
	path string
	ln   net.Listener
	http *http.Server
	d    Digests
	opts Options
	log  *slog.Logger
}

// Listen creates the socket at path, readable and writable by this user
// only, and returns the server that will answer on it. A file already at
// path is removed first: the caller holds the data folder's lock, so it is
// left by a serve that died. The socket is made under a temporary name
// (.sock beside it), given mode 0600, then renamed into place, so it is
// never open to others. Its errors are about removing the old file or
// creating the socket (a path longer than the system allows, about 100
// bytes, for one).
func Listen(path string, d Digests, opts Options) (*Server, error) {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("remove the stale socket %s: %w", path, err)
	}
	// Shorter than Socket, so that it fits wherever path does (a socket's
	// path is limited to about 100 bytes); only the lock's holder uses it.
	tmp := filepath.Join(filepath.Dir(path), ".sock")
	os.Remove(tmp)
	ln, err := net.Listen("unix", tmp)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false) // the socket is renamed; Close removes path
	if err := os.Chmod(tmp, 0o600); err != nil {
		ln.Close()
		os.Remove(tmp)
		return nil, fmt.Errorf("make socket %s private: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		ln.Close()
		os.Remove(tmp)
		return nil, fmt.Errorf("put socket in place at %s: %w", path, err)
	}
	s := &Server{path: path, ln: ln, d: d, opts: opts, log: opts.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /digest/post", s.post)
	mux.HandleFunc("GET /digest/preview", s.preview)
	s.http = &http.Server{Handler: s.checkCorpus(mux), ReadHeaderTimeout: 10 * time.Second}
	return s, nil
}

// Serve answers requests until ctx is done, then stops taking new ones,
// cancels those in flight and waits up to 10 s for them, and removes the
// socket. Each request's context ends with ctx. It returns nil once ctx is
// done, or the error that stopped it serving.
func (s *Server) Serve(ctx context.Context) error {
	s.http.BaseContext = func(net.Listener) context.Context { return ctx }
	served := make(chan error, 1)
	go func() { served <- s.http.Serve(s.ln) }()
	var err error
	select {
	case err = <-served:
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drain)
		if s.http.Shutdown(sctx) != nil {
			s.http.Close()
		}
		cancel()
		<-served
	}
	s.Close()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Close stops the server at once and removes the socket. It is safe to
// call more than once, and after Serve.
func (s *Server) Close() error {
	s.http.Close()
	s.ln.Close()
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove socket %s: %w", s.path, err)
	}
	return nil
}

// checkCorpus answers 409 to a request about another corpus than serve's.
func (s *Server) checkCorpus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c := r.Header.Get(corpusHeader); c != s.opts.Corpus {
			s.fail(w, r, http.StatusConflict, fmt.Errorf("serve runs on the corpus %q, not %q: give this command the same --corpus (or NEWSDESK_CORPUS_DIR) as serve", s.opts.Corpus, c))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// postReply is the answer to POST /digest/post.
type postReply struct {
	Channel string        `json:"channel"`
	Result  digest.Result `json:"result"`
}

// previewReply is the answer to GET /digest/preview.
type previewReply struct {
	Digest digest.Digest `json:"digest"`
}

// errorReply is the answer to a request that failed.
type errorReply struct {
	Error string `json:"error"`
}

func (s *Server) post(w http.ResponseWriter, r *http.Request) {
	res, err := s.d.Post(r.Context())
	if err != nil {
		s.fail(w, r, http.StatusBadGateway, err)
		return
	}
	reply(w, http.StatusOK, postReply{Channel: s.opts.Channel, Result: res})
}

func (s *Server) preview(w http.ResponseWriter, r *http.Request) {
	var since time.Time
	if v := r.URL.Query().Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, fmt.Errorf("since=%q is not an RFC 3339 time", v))
			return
		}
		since = t
	}
	dg, err := s.d.Preview(r.Context(), since)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	reply(w, http.StatusOK, previewReply{Digest: dg})
}

// fail answers err with status and logs it: the client is the operator on
// this machine, so it gets the error's text.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	s.log.Error("control request failed", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	reply(w, status, errorReply{Error: err.Error()})
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
