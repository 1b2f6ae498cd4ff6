package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	slackgo "github.com/slack-go/slack"
)

// maxRequestBody is the largest request body the HTTP endpoints read.
const maxRequestBody = 1 << 20

// handler routes the Slack endpoints and the health check.
func (b *Bot) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/events", b.serveEvents)
	mux.HandleFunc("POST /slack/commands", b.serveCommands)
	mux.HandleFunc("POST /slack/interactions", b.serveInteractions)
	mux.HandleFunc("GET /healthz", b.serveHealth)
	mux.HandleFunc("GET /readyz", b.serveReady)
	return mux
}

// runHTTP serves the handler on opts.ListenAddr until ctx is done, then
// shuts the server down, waiting for handlers (which only acknowledge and
// queue) up to drainTimeout.
func (b *Bot) runHTTP(ctx context.Context, drainTimeout time.Duration) error {
	addr := b.opts.ListenAddr
	if addr == "" {
		addr = defaultListenAddr
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           b.handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		ErrorLog:          slog.NewLogLogger(b.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	b.log.Info("listening for Slack events", "addr", ln.Addr().String(), "bot_user", b.me.UserID)
	if b.opts.Ready != nil {
		b.opts.Ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve http on %s: %w", addr, err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		b.log.Warn("http shutdown", "err", err)
		_ = srv.Close()
	}
	<-errc
	return nil
}

// readVerified reads the body (at most 1 MiB) and verifies its signature.
// On failure it has already answered the request (413, 400 or 401).
func (b *Bot) readVerified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			b.log.Warn("request body too large", "path", r.URL.Path)
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return nil, false
		}
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return nil, false
	}
	if err := verifySignature(r.Header, body, b.opts.SigningSecret, b.now()); err != nil {
		b.log.Warn("rejected unsigned request", "path", r.URL.Path, "reason", err, "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return nil, false
	}
	return body, true
}

// ack answers 200 with an empty body and sends it at once, so Slack has
// its acknowledgement while the handler goes on to queue the work.
func ack(w http.ResponseWriter) {
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	_ = http.NewResponseController(w).Flush()
}

func (b *Bot) serveEvents(w http.ResponseWriter, r *http.Request) {
	body, ok := b.readVerified(w, r)
	if !ok {
		return
	}
	var env eventEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		http.Error(w, "invalid JSON", http.StatusBadRequest)
		return
	}
	if env.Type == "url_verification" {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"challenge": env.Challenge})
		return
	}
	retry := r.Header.Get("X-Slack-Retry-Num")
	if retry != "" {
		retry += " " + r.Header.Get("X-Slack-Retry-Reason")
	}
	// Acknowledged only once recorded: a question the bot could not
	// record gets a 500, and Slack delivers it again.
	if err := b.accept(r.Context(), body, retry); err != nil {
		http.Error(w, "could not record the event; retry", http.StatusInternalServerError)
		return
	}
	ack(w)
}

// replayed reports whether a signed request was handled before: Slack
// signs each request once, so the same signature again within the
// signature window is a replay (or a retry) to acknowledge and ignore. It
// has already acknowledged the request when it returns true.
func (b *Bot) replayed(w http.ResponseWriter, r *http.Request) bool {
	fresh, err := b.state.Claim(r.Context(), "sig:"+r.Header.Get("X-Slack-Signature"))
	if err != nil {
		b.log.Error("recording request signature", "path", r.URL.Path, "err", err)
		return false // handling twice beats not handling
	}
	if !fresh {
		b.log.Info("replayed request ignored", "path", r.URL.Path)
		ack(w)
	}
	return !fresh
}

// readVerifiedForm is readVerified for the form-encoded endpoints (slash
// commands, interactions). ok is false when it has already answered.
func (b *Bot) readVerifiedForm(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	body, ok := b.readVerified(w, r)
	if !ok {
		return nil, false
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "invalid form", http.StatusBadRequest)
		return nil, false
	}
	return form, true
}

func (b *Bot) serveCommands(w http.ResponseWriter, r *http.Request) {
	form, ok := b.readVerifiedForm(w, r)
	if !ok || b.replayed(w, r) {
		return
	}
	ack(w)
	b.handleCommand(slackgo.SlashCommand{
		TeamID:      form.Get("team_id"),
		ChannelID:   form.Get("channel_id"),
		UserID:      form.Get("user_id"),
		Command:     form.Get("command"),
		Text:        form.Get("text"),
		ResponseURL: form.Get("response_url"),
		TriggerID:   form.Get("trigger_id"),
	})
}

func (b *Bot) serveInteractions(w http.ResponseWriter, r *http.Request) {
	form, ok := b.readVerifiedForm(w, r)
	if !ok {
		return
	}
	var cb slackgo.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		http.Error(w, "invalid payload", http.StatusBadRequest)
		return
	}
	if b.replayed(w, r) {
		return
	}
	ack(w)
	b.handleInteraction(r.Context(), cb)
}

// readyTimeout bounds the state store's answer to /readyz.
const readyTimeout = 2 * time.Second

// indexHealth is Options.Health's answer: nil when the index answers.
func (b *Bot) indexHealth() error {
	if h := b.opts.Health; h != nil {
		return h()
	}
	return nil
}

// serveHealth is /healthz: the index answers (Options.Health).
func (b *Bot) serveHealth(w http.ResponseWriter, _ *http.Request) {
	if err := b.indexHealth(); err != nil {
		b.log.Warn("health check failed", "err", err)
		http.Error(w, "not ready", http.StatusServiceUnavailable)
		return
	}
	_, _ = io.WriteString(w, "ok\n")
}

// serveReady is /readyz, for a load balancer in front of replicas: the
// index answers and the state store does within readyTimeout, so an event
// sent here can be recorded and answered. The listener opens only once
// the index is built, so a replica still indexing refuses connections.
func (b *Bot) serveReady(w http.ResponseWriter, r *http.Request) {
	if err := b.indexHealth(); err != nil {
		b.log.Warn("readiness check failed: index", "err", err)
		http.Error(w, "not ready: index", http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if _, err := b.opts.State.Queued(ctx); err != nil {
		b.log.Warn("readiness check failed: state store", "err", err)
		http.Error(w, "not ready: state store unreachable", http.StatusServiceUnavailable)
		return
	}
	_, _ = io.WriteString(w, "ready\n")
}
