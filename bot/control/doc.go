// Package control is serve's control socket: a small HTTP API on a unix
// socket in the data folder (DATA/serve.sock, mode 0600), through which a
// command run while serve holds the folder (`digest`, `digest --post`
// from cron) asks the running bot instead of opening the folder itself.
//
//	POST /digest/post     posts today's digest unless it was posted; {"channel", "result"}
//	GET  /digest/preview  the digest as it would be posted now (?since=RFC 3339 time); {"digest"}
//
// Each request names its corpus (the X-Newsdesk-Corpus header, see
// datadir.CorpusName); a serve running on another one answers 409. An
// error is {"error": "…"} with a 4xx or 5xx status.
//
// In serve, holding the data folder's lock:
//
//	srv, err := control.Listen(control.SocketPath(dataDir), digests, control.Options{Corpus: name})
//	defer srv.Close()
//	go srv.Serve(ctx) // until ctx is done; removes the socket
//
// In a command that found the folder locked:
//
//	res, channel, err := control.Dial(control.SocketPath(dataDir)).Post(ctx, name)
//	if errors.Is(err, control.ErrNotAnswering) { … no serve behind the socket … }
package control
