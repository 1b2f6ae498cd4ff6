package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/joho/godotenv"
	"golang.org/x/sync/errgroup"
	"golang.org/x/term"

	_ "time/tzdata" // NEWSDESK_DIGEST_TZ works where the system has no zone database

	"newsdesk/bot"
	"newsdesk/bot/answer"
	"newsdesk/bot/control"
	"newsdesk/bot/digest"
	"newsdesk/bot/eval"
	"newsdesk/bot/llm"
	"newsdesk/bot/rescan"
	"newsdesk/bot/rescan/fswatch"
	"newsdesk/bot/slack"
	"newsdesk/bot/state"
	stateBolt "newsdesk/bot/state/bolt"
	statePostgres "newsdesk/bot/state/postgres"
	"newsdesk/config"
	"newsdesk/corpus"
	"newsdesk/index"
	"newsdesk/index/bleve"
	"newsdesk/index/bleve/naive"
	"newsdesk/index/bolt"
	"newsdesk/index/embed"
	"newsdesk/index/embed/onnx"
	"newsdesk/index/embed/openai"
	"newsdesk/index/semantic"
	"newsdesk/internal/child"
	"newsdesk/internal/datadir"
	"newsdesk/internal/progress"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// Indexing's live heap is mostly short-lived analysis: a heap goal
		// of 1.5× the live heap instead of 2× takes a quarter off its peak
		// memory (docs/speed.md).
		debug.SetGCPercent(50)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := loadDotEnv()
	if err == nil {
		err = run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	}
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "newsdesk:", err)
	}
	os.Exit(exitCode(err))
}

// loadDotEnv reads .env when there is one; the real environment wins.
func loadDotEnv() error {
	err := godotenv.Load()
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return fmt.Errorf("read .env: %w (fix the line or remove the file)", err)
}

// usageError is a mistake in how newsdesk was run: its command line, or a
// setting that is missing or malformed. It exits with status 2 (run again
// unchanged, the command cannot succeed); every other failure exits 1.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// configError reports settings that are missing or malformed: a usage error.
func configError(err error) error { return usageError{fmt.Errorf("configuration:\n%w", err)} }

func exitCode(err error) int {
	var u usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &u), errors.Is(err, bot.ErrEmptyQuestion), errors.Is(err, bot.ErrQuestionTooLong),
		errors.Is(err, bot.ErrUnknownKind):
		return 2
	default:
		return 1
	}
}

// command is one entry of the command table: its name, its arguments and
// a line about it for the usage, more for its -h (detail, given the corpus
// folder in use; nil: none), and what runs it.
type command struct {
	name, args, help string
	detail           func(corpusDir string) string
	run              func(ctx context.Context, env *env, args []string) error
}

func commands() []command {
	return []command{
		{name: "ask", args: "[-k N] [--json] [--no-llm] [DIR] QUESTION", help: "answer a question with the passage it came from", detail: askDetail, run: cmdAsk},
		{name: "index", args: "[--json] [DIR]", help: "build or update the index from the corpus (DIR: the same as --corpus DIR)", run: cmdIndex},
		{name: "figures", args: "[--json] [--kind KIND] [--stdin] [DIR] [TOPIC]", help: "look up key figures (amounts, percentages, counts, dates)", detail: figuresDetail, run: cmdFigures},
		{name: "eval", args: "[-k 10] [--json] [--split test] [--with-seed] [--misses N] [--llm] QA", help: "measure answers on a question file, a BEIR folder or SQuAD", run: cmdEval},
		{name: "bench", args: "--questions FILE [--rounds N] [--scale N [--runs N] [--out DIR]] [--json]", help: "measure indexing speed, answer latency and memory on --corpus", run: cmdBench},
		{name: "digest", args: "[--json] [--since 24h|7d] [--post]", help: "preview today's digest, or post it to NEWSDESK_DIGEST_CHANNEL once", detail: digestDetail, run: cmdDigest},
		{name: "serve", args: "[--check]", help: "run the Slack bot (Socket Mode with SLACK_APP_TOKEN, else HTTP on NEWSDESK_LISTEN_ADDR)", run: cmdServe},
	}
}

// exampleQuestion is the question the help shows: one the embedded article
// answers when it is the corpus in use, else a generic one.
func exampleQuestion(corpusDir string) string {
	if corpusDir == "" {
		return "How much support did allies provide Ukraine in 2024?"
	}
	return "What did the minister announce about energy prices?"
}

func askDetail(corpusDir string) string {
	return fmt.Sprintf(`Example: newsdesk ask %q

`+leadingFolderRule, exampleQuestion(corpusDir))
}

func figuresDetail(string) string { return leadingFolderRule }

// leadingFolderRule is how ask and figures read a folder before the
// question or topic (see leadingFolder).
const leadingFolderRule = `DIR: a first argument that names an existing folder is the corpus, as with
--corpus: 'newsdesk ask ~/news "…"' is 'newsdesk ask --corpus ~/news "…"'. Not when
--corpus is given, and never the data folder. To ask a question whose first word
names a folder here, quote the whole question.`

func digestDetail(string) string {
	return `--since takes Go durations (90m, 24h, 1h30m) or whole days (1d, 7d).
While 'newsdesk serve' runs on the data folder, digest and digest --post ask it
through its control socket (DATA/serve.sock) instead of opening the folder, so
'digest --post' from cron works next to the bot and still posts once a day.`
}

// env is what every command gets: settings and the process's streams.
type env struct {
	cfg    config.Config
	cmd    command // the command running, for its -h
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
}

const usageHead = `newsdesk answers questions about news articles, citing the passage it used.

Usage: newsdesk COMMAND [--corpus DIR] [--data DIR] [flags] [args]

Commands:
`

func usage(w io.Writer, corpusDir string) {
	fmt.Fprint(w, usageHead)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n           %s\n", c.name, c.args, c.help)
	}
	fmt.Fprint(w, "\nEvery command takes --corpus DIR (default: the embedded article; env NEWSDESK_CORPUS_DIR)\nand --data DIR (default ./data; env NEWSDESK_DATA_DIR). Run 'newsdesk COMMAND -h' for its flags.\n")
	fmt.Fprintf(w, "\nExamples:\n  newsdesk ask %q\n  newsdesk index ~/news\n  newsdesk ask --corpus ~/news %q\n  newsdesk digest --since 7d\n",
		exampleQuestion(corpusDir), exampleQuestion("news"))
	fmt.Fprint(w, "\nExit status: 0 done; 1 failed (a service did not answer or refused, the data folder is in use, …);\n2 the command line or a setting is wrong: fix it, as running it again unchanged cannot succeed.\n")
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	corpusDir := strings.TrimSpace(getenv("NEWSDESK_CORPUS_DIR"))
	switch {
	case len(args) == 0:
		usage(stderr, corpusDir)
		return usagef("no command given")
	case args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" && len(args) == 1:
		usage(stdout, corpusDir)
		return nil
	case args[0] == "help":
		args = []string{args[1], "-h"} // help COMMAND is COMMAND -h
	}
	var c command
	for _, cmd := range commands() {
		if cmd.name == args[0] {
			c = cmd
		}
	}
	if c.run == nil {
		usage(stderr, corpusDir)
		return usagef("unknown command %q", args[0])
	}
	cfg, err := config.Load(getenv)
	if err != nil && !wantsHelp(args[1:]) { // help needs no settings
		return configError(err)
	}
	e := &env{
		cfg: cfg, cmd: c, stdin: stdin, stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel})),
	}
	if err := c.run(ctx, e, args[1:]); !errors.Is(err, flag.ErrHelp) {
		return err
	}
	return nil
}

// wantsHelp reports whether args ask for help (-h, -help or --help
// before any "--").
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// flags is a command's flag set with the flags every command shares.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse reports errors once, and prints usage for -h
	fs.StringVar(&e.cfg.CorpusDir, "corpus", e.cfg.CorpusDir, "corpus `folder` (default: the embedded article)")
	fs.StringVar(&e.cfg.DataDir, "data", e.cfg.DataDir, "data `folder` for the index and the bot's state")
	return fs
}

// parse parses flags wherever they stand among the arguments, so
// `ask "question" --json` works like `ask --json "question"`. -h prints the
// command's usage and flags on stdout and returns flag.ErrHelp, which run
// turns into success; a bad flag is a usage error that says where to look.
func (e *env) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				e.help(fs)
				return nil, err
			}
			return nil, usagef("%v (see 'newsdesk %s -h')", err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// help prints the running command's usage, detail and flags on stdout.
func (e *env) help(fs *flag.FlagSet) {
	c := e.cmd
	fmt.Fprintf(e.stdout, "Usage: newsdesk %s [--corpus DIR] [--data DIR] %s\n\n%s.\n", c.name, c.args, strings.ToUpper(c.help[:1])+c.help[1:])
	if c.detail != nil {
		fmt.Fprintf(e.stdout, "\n%s\n", c.detail(e.cfg.CorpusDir))
	}
	fmt.Fprint(e.stdout, "\nFlags:\n")
	fs.SetOutput(e.stdout)
	fs.PrintDefaults()
}

// noArgs is what a command that takes no arguments returns after parse
// gave rest and err: err, or a usage error for a stray argument (a folder
// meant as the corpus, say), which is never ignored.
func noArgs(fs *flag.FlagSet, rest []string, err error) error {
	if err != nil {
		return err
	}
	return usagef("%s takes no arguments (got %q); to use a corpus folder, pass --corpus DIR", fs.Name(), strings.Join(rest, " "))
}

// corpusGiven reports whether --corpus was on the command line.
func corpusGiven(fs *flag.FlagSet) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "corpus" })
	return given
}

// corpusArg makes index's argument, a folder, the corpus, as --corpus
// does. Anything else (not a folder, more than one, a second corpus) is a
// usage error that says to use --corpus.
func (e *env) corpusArg(fs *flag.FlagSet, rest []string) error {
	switch {
	case len(rest) == 0:
		return nil
	case len(rest) > 1:
		return usagef("%s takes one argument, the corpus folder (got %q); use --corpus DIR", fs.Name(), strings.Join(rest, " "))
	case !isDir(rest[0]):
		return usagef("%s: %s is not a folder; give the corpus folder, or use --corpus DIR", fs.Name(), rest[0])
	case corpusGiven(fs) && !sameFile(rest[0], e.cfg.CorpusDir):
		return usagef("%s: two corpus folders (--corpus %s and %s); give one", fs.Name(), e.cfg.CorpusDir, rest[0])
	}
	e.cfg.CorpusDir = rest[0]
	return nil
}

// leadingFolder reads ask's and figures' first argument as the corpus when
// it names an existing folder, --corpus is not given and it is not the
// data folder (see leadingFolderRule). It returns the arguments left and
// the folder taken, "" when none was.
func (e *env) leadingFolder(fs *flag.FlagSet, rest []string) ([]string, string) {
	if len(rest) == 0 || corpusGiven(fs) || !isDir(rest[0]) || sameFile(rest[0], e.cfg.DataDir) {
		return rest, ""
	}
	e.cfg.CorpusDir = rest[0]
	return rest[1:], rest[0]
}

// isDir reports whether path is an existing folder.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// sameFile reports whether a and b name the same existing file or folder.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// durationFlag is a flag holding a positive duration in Go's form or in
// days (config.ParseDuration); unset, it is 0.
type durationFlag struct{ d *time.Duration }

func (f durationFlag) String() string {
	if f.d == nil || *f.d == 0 {
		return ""
	}
	return f.d.String()
}

func (f durationFlag) Set(s string) error {
	d, err := config.ParseDuration(s)
	if err != nil {
		return err
	}
	*f.d = d
	return nil
}

// articles loads the corpus: --corpus, or the embedded article. When ix
// can vouch for files it indexed unchanged (bleve's index can; not with
// semantic search, which needs every passage's text), those files are not
// read, and the others' text is not kept: ix reads it again as it indexes
// them (see store), so an update holds the corpus's IDs, not its text.
// Their articles come back unread (corpus.Article.Unread).
func (e *env) articles(ctx context.Context, ix index.Store) ([]corpus.Article, corpus.Report, error) {
	if e.cfg.CorpusDir == "" {
		a := corpus.Default()
		return a, corpus.Report{Loaded: len(a)}, nil
	}
	var o corpus.LoadOptions
	if k, ok := ix.(knower); ok {
		o.Known, o.Lazy = k.Known, true
	}
	a, report, err := corpus.LoadWith(ctx, e.cfg.CorpusDir, o)
	if err != nil {
		return nil, report, fmt.Errorf("load corpus: %w", err)
	}
	return a, report, nil
}

// knower is an index that can say a file is the version it indexed.
type knower interface {
	Known(id string, f corpus.FileInfo) (hash string, ok bool)
}

// open loads the corpus, opens the index and brings it up to date.
func (e *env) open(ctx context.Context, owner string, progress bool) (index.Store, corpus.Report, index.Stats, error) {
	return e.openWith(ctx, owner, openOptions{progress: progress})
}

// openOptions say what a command needs of the index.
type openOptions struct {
	progress   bool // show indexing progress on a terminal
	semantic   bool // semantic search, when a model is configured
	background bool // embed new passages in the background (serve)
	strict     bool // a configured model that cannot be used is an error (index), not a warning
}

// openWith opens the index in the data folder and brings it up to date
// with the corpus. With o.semantic and a model configured, new passages
// are embedded too; when they cannot be, the command goes on lexically,
// and says why, except index, which fails. So it does when the update
// fails but the index still answers with what it had (a full disk), and
// is not empty.
func (e *env) openWith(ctx context.Context, owner string, o openOptions) (index.Store, corpus.Report, index.Stats, error) {
	var line *progress.Line // nil draws nothing
	if o.progress {
		line = e.progressLine()
	}
	defer line.Close()
	name, err := datadir.CorpusName(e.cfg.CorpusDir)
	if err != nil {
		return nil, corpus.Report{}, index.Stats{}, err
	}
	ix, err := e.store(ctx, e.cfg.DataDir, name, owner, o)
	if err != nil {
		return nil, corpus.Report{}, index.Stats{}, err
	}
	if e.cfg.CorpusDir != "" {
		line.Say("reading articles in " + e.cfg.CorpusDir + "…")
	}
	articles, report, err := e.articles(ctx, ix)
	if err != nil {
		ix.Close()
		return nil, report, index.Stats{}, err
	}
	st, err := ix.Update(ctx, articles, line.Progress())
	if errors.Is(err, index.ErrUnread) {
		// The index changed since it vouched for the files (it was found
		// damaged and rebuilt): read them all.
		if articles, report, err = e.articles(ctx, nil); err == nil {
			st, err = ix.Update(ctx, articles, line.Progress())
		}
	}
	switch {
	case err == nil, o.strict:
	case errors.Is(err, semantic.ErrNotEmbedded):
		e.log.Warn("semantic search is off for this run; answering lexically", "err", err)
		err = nil
	case ctx.Err() == nil && ix.Health() == nil && ix.Len() > 0:
		// A failed write (a full disk) leaves the index as it was before
		// the update: answer from it; serve's rescan tries again.
		e.log.Warn("the index could not be brought up to date; answering from it as it is", "articles", ix.Len(), "err", err)
		err = nil
	}
	if err != nil {
		ix.Close()
		return nil, report, st, fmt.Errorf("update index: %w", err)
	}
	return ix, report, st, nil
}

// store opens the index named name in the data folder dir (see
// datadir.CorpusName; "" is the single index of eval's folders): bleve,
// with semantic search over it when o.semantic and a model is configured
// and loads. A model that does not load leaves search lexical, and the log
// says why.
func (e *env) store(ctx context.Context, dir, name, owner string, o openOptions) (index.Store, error) {
	opts := bleve.Options{Owner: owner, Name: name, Log: e.log.With("component", "index")}
	if root := e.cfg.CorpusDir; root != "" {
		opts.Read = func(ctx context.Context, a corpus.Article) (corpus.Article, error) {
			if err := ctx.Err(); err != nil {
				return corpus.Article{}, err
			}
			return corpus.ReadArticle(root, a)
		}
	}
	ix, err := bleve.Open(ctx, dir, opts)
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	if !o.semantic || !e.cfg.Embed.Enabled() {
		return ix, nil
	}
	emb, err := e.embedder(ctx)
	if err == nil {
		var cache *bolt.Cache
		var path string
		if path, err = datadir.Vectors(dir, name); err == nil {
			cache, err = bolt.Open(path)
		}
		if err == nil {
			return e.semantic(ix, emb, cache, o), nil
		}
		if c, ok := emb.(io.Closer); ok {
			c.Close()
		}
	}
	if o.strict {
		ix.Close()
		return nil, fmt.Errorf("semantic search is configured but cannot be used (unset NEWSDESK_EMBED_MODEL/NEWSDESK_EMBED_MODEL_NAME to index lexically): %w", err)
	}
	e.log.Warn("semantic search is off; answering lexically", "err", err)
	return ix, nil
}

// semantic wraps ix with semantic search over emb's vectors, kept in cache.
func (e *env) semantic(ix index.Store, emb embed.Embedder, cache *bolt.Cache, o openOptions) index.Store {
	if r := cache.Recovered(); r != "" {
		e.log.Warn("the stored vectors were damaged and are being recomputed", "moved", r)
	}
	var show func(done, total int)
	if o.progress && !o.background {
		show = e.embedProgress()
	}
	return semantic.New(ix, emb, cache, semantic.Options{Background: o.background, Progress: show, Log: e.log.With("component", "embed")})
}

// embedder returns the configured embedding model: a model folder run on
// ONNX Runtime, or an OpenAI-compatible endpoint.
func (e *env) embedder(ctx context.Context) (embed.Embedder, error) {
	c := e.cfg.Embed
	if c.InProcess() {
		return onnx.Open(c.ModelDir, onnx.Options{Library: c.RuntimeLib})
	}
	return openai.Open(ctx, openai.Config{BaseURL: c.URL, Model: c.ModelName, APIKey: openai.Secret(c.APIKey.Reveal()), Timeout: c.Timeout})
}

// embedProgress returns a progress printer for embedding, on stderr when it
// is a terminal: passages done of total, the rate and the time left.
func (e *env) embedProgress() func(done, total int) {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	start := time.Now()
	return func(done, total int) {
		secs := max(time.Since(start).Seconds(), 1e-3)
		rate := float64(done) / secs
		left := "…"
		if done > 0 {
			left = (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String()
		}
		fmt.Fprintf(f, "\rembedding: %d/%d passages (%.1f/s, %s left)   ", done, total, rate, left)
		if done == total {
			fmt.Fprintln(f)
		}
	}
}

// progressLine returns the line that shows indexing progress on stderr
// when it is a terminal, and nil (draw nothing) when it is not.
func (e *env) progressLine() *progress.Line {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progress.New(f, "indexing", "indexed", "articles")
}

func (e *env) writeJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func cmdAsk(ctx context.Context, e *env, args []string) error {
	fs := e.flags("ask")
	k := fs.Int("k", 15, "passages to retrieve and re-rank (fewer than 15 count as 15)")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	noLLM := fs.Bool("no-llm", false, "answer extractively even when a model is configured")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if *k < 1 || *k > 100 {
		return usagef("-k must be between 1 and 100 (got %d)", *k)
	}
	rest, folder := e.leadingFolder(fs, rest)
	question := strings.TrimSpace(strings.Join(rest, " "))
	if question == "" && folder != "" {
		return usagef("%s is a folder, not a question; to answer from its articles: newsdesk ask --corpus %s \"QUESTION\"", folder, folder)
	}
	if question == "" {
		return usagef("ask needs a question, e.g. newsdesk ask %q", exampleQuestion(e.cfg.CorpusDir))
	}
	summaries := e.cfg.LLM.Describe()
	if *noLLM && e.cfg.LLM.Enabled() {
		summaries = "off (--no-llm)"
	}
	e.logSettings(summaries)
	ix, _, _, err := e.openWith(ctx, "newsdesk ask", openOptions{progress: true, semantic: true})
	if err != nil {
		return err
	}
	defer ix.Close()
	ans, err := answer.New(ix, e.summarizer(), e.log).Ask(ctx, question, bot.AskOptions{K: *k, NoLLM: *noLLM})
	if err != nil {
		return err
	}
	if *asJSON {
		return e.writeJSON(ans)
	}
	return answer.WriteAnswer(e.stdout, ans)
}

// summarizer returns the configured LLM summarizer, or nil when no model is
// configured (an untyped nil: the Answerer then answers extractively).
func (e *env) summarizer() bot.Summarizer {
	if !e.cfg.LLM.Enabled() {
		return nil
	}
	return llm.New(llm.Config{
		BaseURL: e.cfg.LLM.BaseURL,
		APIKey:  e.cfg.LLM.APIKey.Reveal(),
		Model:   e.cfg.LLM.Model,
		Timeout: e.cfg.LLM.Timeout,
		Logger:  e.log.With("component", "llm"),
	})
}

func cmdIndex(ctx context.Context, e *env, args []string) error {
	fs := e.flags("index")
	asJSON := fs.Bool("json", false, "print the counts as JSON")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if err := e.corpusArg(fs, rest); err != nil {
		return err
	}
	start := time.Now()
	ix, report, st, err := e.openWith(ctx, "newsdesk index", openOptions{progress: true, semantic: true, strict: true})
	if err != nil {
		return err
	}
	defer ix.Close()
	name, err := datadir.CorpusName(e.cfg.CorpusDir)
	if err != nil {
		return err
	}
	out := struct {
		Index     string        `json:"index"`
		Added     int           `json:"added"`
		Updated   int           `json:"updated"`
		Removed   int           `json:"removed"`
		Unchanged int           `json:"unchanged"`
		Skipped   []corpus.Skip `json:"skipped"`
		Notes     []corpus.Skip `json:"notes"`
		Passages  int           `json:"passages_written"`
		Figures   int           `json:"figures_written"`
		Rebuilt   bool          `json:"rebuilt"`
		Articles  int           `json:"articles"`
		Seconds   float64       `json:"seconds"`
	}{filepath.Join(e.cfg.DataDir, "index", name), st.Added, st.Updated, st.Removed, st.Unchanged, report.Skipped, report.Notes, st.Passages, st.Figures, st.Rebuilt, ix.Len(), time.Since(start).Seconds()}
	if out.Skipped == nil {
		out.Skipped = []corpus.Skip{}
	}
	if out.Notes == nil {
		out.Notes = []corpus.Skip{}
	}
	if *asJSON {
		return e.writeJSON(out)
	}
	fmt.Fprintf(e.stdout, "indexed %d articles in %.2fs into %s: %d added, %d updated, %d removed, %d unchanged, %d skipped\n",
		out.Articles, out.Seconds, out.Index, out.Added, out.Updated, out.Removed, out.Unchanged, len(out.Skipped))
	if out.Rebuilt {
		fmt.Fprintln(e.stdout, "(the index was built from scratch)")
	}
	for _, s := range report.Skipped {
		fmt.Fprintf(e.stdout, "skipped %s: %s\n", s.Path, s.Reason)
	}
	for _, n := range report.Notes {
		fmt.Fprintf(e.stdout, "note %s: %s\n", n.Path, n.Reason)
	}
	return nil
}

func cmdFigures(ctx context.Context, e *env, args []string) error {
	fs := e.flags("figures")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	kind := fs.String("kind", "", "only figures of this `kind`: money, percent, count, quantity, date, year, score")
	stdin := fs.Bool("stdin", false, "extract figures from each line of standard input instead of the index")
	k := fs.Int("k", 10, "figures to show")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if *k < 1 {
		return usagef("-k must be at least 1 (got %d)", *k)
	}
	if *stdin {
		if len(rest) > 0 || *kind != "" {
			return usagef("--stdin reads the text to look at from standard input; it takes no TOPIC or --kind")
		}
		return answer.ExtractLines(e.stdin, e.stdout, *asJSON)
	}
	rest, _ = e.leadingFolder(fs, rest)
	ix, _, _, err := e.open(ctx, "newsdesk figures", true)
	if err != nil {
		return err
	}
	defer ix.Close()
	list, err := answer.New(ix, nil, e.log).Figures(ctx, strings.Join(rest, " "), *kind, *k)
	if err != nil {
		return err
	}
	if *asJSON {
		return e.writeJSON(list)
	}
	return answer.WriteFigures(e.stdout, list)
}

func cmdBench(ctx context.Context, e *env, args []string) error {
	fs := e.flags("bench")
	questionsFile := fs.String("questions", "", "`file` of questions: one per line, or JSON Lines with a \"question\" field")
	rounds := fs.Int("rounds", 3, "times each question is asked")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	scale := fs.Int("scale", 0, "measure on a synthetic archive of `N` articles made from --corpus, beside naive bleve, each phase in a process of its own")
	seed := fs.Uint64("seed", 1, "the synthetic archive's seed (with --scale)")
	runs := fs.Int("runs", 1, "times each --scale phase runs; the figures are medians")
	out := fs.String("out", "", "`folder` for the --scale archive and indexes, kept (default: a temporary folder, removed)")
	phase := fs.String("phase", "", "one phase of --scale, run by bench itself: naive-index, naive-search, answer or rescan")
	if rest, err := e.parse(fs, args); err != nil || len(rest) > 0 {
		return noArgs(fs, rest, err)
	}
	if *phase != "" {
		return e.benchPhase(ctx, *phase, *questionsFile, *rounds)
	}
	if *questionsFile == "" {
		return usagef("bench needs --questions FILE, e.g. newsdesk bench --corpus \"$NEWSDESK_DATA/bbc-news/bbc\" --questions testdata/eval/bbc-questions.jsonl")
	}
	questions, err := eval.ReadQuestions(*questionsFile)
	if err != nil {
		return err
	}
	start := time.Now()
	articles, _, err := e.articles(ctx, nil)
	if err != nil {
		return err
	}
	loaded := time.Since(start)
	dir := *out
	if dir == "" {
		if dir, err = os.MkdirTemp("", "newsdesk-bench-"); err != nil {
			return fmt.Errorf("create a temporary data folder: %w", err)
		}
		defer os.RemoveAll(dir)
	}
	if *scale > 0 {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("find the newsdesk binary to run the phases: %w", err)
		}
		run := func(ctx context.Context, args ...string) (child.Result, error) { return child.Run(ctx, exe, args...) }
		r, err := eval.Scale(ctx, run, eval.ScaleOptions{
			Source: articles, Articles: *scale, Seed: *seed, Dir: dir,
			Questions: *questionsFile, Rounds: *rounds, Runs: *runs,
		})
		if err != nil {
			return err
		}
		if *asJSON {
			return e.writeJSON(r)
		}
		return eval.WriteScale(e.stdout, r)
	}
	open := func(ctx context.Context, dir string) (index.Store, error) {
		return e.store(ctx, dir, "", "newsdesk bench", openOptions{semantic: true})
	}
	r, err := eval.Bench(ctx, open, dir, articles, loaded, questions, *rounds)
	if err != nil {
		return err
	}
	if *asJSON {
		return e.writeJSON(r)
	}
	return eval.WriteBench(e.stdout, r)
}

// benchPhase runs one phase of bench --scale (see eval.Scale) on --corpus
// and --data, and prints what it measured as JSON.
func (e *env) benchPhase(ctx context.Context, phase, questionsFile string, rounds int) error {
	var questions []string
	if questionsFile != "" {
		var err error
		if questions, err = eval.ReadQuestions(questionsFile); err != nil {
			return err
		}
	}
	refused := func(err error) bool {
		return errors.Is(err, bot.ErrEmptyQuestion) || errors.Is(err, bot.ErrQuestionTooLong)
	}
	switch phase {
	case "naive-index":
		articles, _, err := e.articles(ctx, nil)
		if err != nil {
			return err
		}
		ix, err := naive.Build(ctx, e.cfg.DataDir, articles)
		if err != nil {
			return err
		}
		return ix.Close()
	case "naive-search":
		ix, err := naive.Open(e.cfg.DataDir)
		if err != nil {
			return err
		}
		defer ix.Close()
		l, err := eval.Time(ctx, func(ctx context.Context, q string) error { _, err := ix.Search(ctx, q, 10); return err }, questions, rounds)
		if err != nil {
			return err
		}
		return e.writeJSON(l)
	case "answer":
		name, err := datadir.CorpusName(e.cfg.CorpusDir)
		if err != nil {
			return err
		}
		ix, err := e.store(ctx, e.cfg.DataDir, name, "newsdesk bench", openOptions{semantic: true})
		if err != nil {
			return err
		}
		defer ix.Close()
		a := answer.New(ix, nil, e.log)
		l, err := eval.Time(ctx, func(ctx context.Context, q string) error {
			if _, err := a.Ask(ctx, q, bot.AskOptions{}); err != nil && !refused(err) {
				return err
			}
			return nil
		}, questions, rounds)
		if err != nil {
			return err
		}
		return e.writeJSON(l)
	case "rescan":
		var ix index.Store
		defer func() {
			if ix != nil {
				ix.Close()
			}
		}()
		start := func(ctx context.Context) (err error) {
			ix, _, _, err = e.openWith(ctx, "newsdesk bench", openOptions{semantic: true})
			return err
		}
		rescan := func(ctx context.Context) error {
			articles, _, err := e.articles(ctx, ix)
			if err == nil {
				_, err = ix.Update(ctx, articles, nil)
			}
			return err
		}
		r, err := eval.MeasureRescan(ctx, start, rescan)
		if err != nil {
			return err
		}
		return e.writeJSON(r)
	}
	return usagef("bench --phase %q: want naive-index, naive-search, answer or rescan", phase)
}

// cmdEval measures the answer path on an evaluation set. A set that brings
// its own corpus (BEIR, SQuAD) is indexed in <data>/eval-<name>, and
// --with-seed (the corpus plus the embedded article) in
// <data>/eval-with-seed/index/<corpus>, so neither replaces the index ask
// uses.
func cmdEval(ctx context.Context, e *env, args []string) error {
	fs := e.flags("eval")
	k := fs.Int("k", 10, "articles ranked for recall@k and MRR")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	split := fs.String("split", "test", "BEIR qrels `split`: test or train")
	withSeed := fs.Bool("with-seed", false, "add the embedded article to the corpus")
	misses := fs.Int("misses", 20, "misses to list (without --json)")
	withLLM := fs.Bool("llm", false, "answer through the configured model, as ask does, to measure it")
	var extra folders
	fs.Var(&extra, "articles", "add the articles of `DIR` to the corpus (repeatable)")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("eval needs one question file, BEIR folder or SQuAD file, e.g. newsdesk eval \"$NEWSDESK_DATA/beir-scifact\"")
	}
	var sum bot.Summarizer
	if *withLLM {
		if sum = e.summarizer(); sum == nil {
			return usagef("eval --llm needs a model: set OPENAI_BASE_URL and OPENAI_MODEL (e.g. http://localhost:11434/v1 and llama3.1 for Ollama), or OPENAI_API_KEY for OpenAI")
		}
	}
	set, err := eval.ReadSet(ctx, rest[0], *split)
	if err != nil {
		return err
	}
	name, err := datadir.CorpusName(e.cfg.CorpusDir)
	if err != nil {
		return err
	}
	articles, dataDir := set.Articles, e.cfg.DataDir
	switch {
	case articles != nil:
		dataDir, name = filepath.Join(dataDir, "eval-"+set.Name), ""
	case e.cfg.CorpusDir == "":
		articles = corpus.Default()
	default:
		if articles, _, err = corpus.Load(ctx, e.cfg.CorpusDir); err != nil {
			return fmt.Errorf("load corpus: %w", err)
		}
	}
	if *withSeed {
		articles = append(articles, corpus.Default()...)
		dataDir = filepath.Join(e.cfg.DataDir, "eval-with-seed")
		if name == "" {
			name = set.Name // one index there per corpus too
		}
	}
	if len(extra) > 0 {
		for _, dir := range extra {
			more, _, err := corpus.Load(ctx, dir)
			if err != nil {
				return fmt.Errorf("load --articles %s: %w", dir, err)
			}
			articles = append(articles, more...)
		}
		dataDir, name = filepath.Join(e.cfg.DataDir, "eval-"+shortHash(e.cfg.CorpusDir, *withSeed, extra)), ""
	}
	ix, err := e.store(ctx, dataDir, name, "newsdesk eval", openOptions{progress: true, semantic: true})
	if err != nil {
		return err
	}
	defer ix.Close()
	line := e.progressLine()
	defer line.Close()
	if _, err := ix.Update(ctx, articles, line.Progress()); err != nil {
		return fmt.Errorf("update index: %w", err)
	}
	a := answer.New(ix, sum, e.log)
	switch set.Kind {
	case "threads":
		r, err := eval.RunThreads(ctx, a, set.Threads, *k)
		if err != nil {
			return err
		}
		if *asJSON {
			return e.writeJSON(r)
		}
		return eval.WriteThreadReport(e.stdout, r, *misses)
	case "figures":
		r, err := eval.RunLookups(ctx, a, set.Lookups)
		if err != nil {
			return err
		}
		if *asJSON {
			return e.writeJSON(r)
		}
		return eval.WriteLookupReport(e.stdout, r, *misses)
	}
	r, err := eval.Run(ctx, a, set.Questions, eval.Options{K: *k, LLM: *withLLM})
	if err != nil {
		return err
	}
	if *asJSON {
		return e.writeJSON(r)
	}
	return eval.WriteReport(e.stdout, r, *misses)
}

// folders is a repeatable folder flag.
type folders []string

func (f *folders) String() string     { return strings.Join(*f, ",") }
func (f *folders) Set(v string) error { *f = append(*f, v); return nil }

// shortHash names an eval index by the corpus it holds.
func shortHash(corpusDir string, seed bool, extra []string) string {
	h := sha256.Sum256([]byte(fmt.Sprint(corpusDir, seed, extra)))
	return hex.EncodeToString(h[:6])
}

func cmdDigest(ctx context.Context, e *env, args []string) error {
	fs := e.flags("digest")
	asJSON := fs.Bool("json", false, "print the digest as JSON")
	since := new(time.Duration)
	fs.Var(durationFlag{since}, "since", "list articles indexed or changed in this `duration` (e.g. 24h or 7d) instead of since the last digest")
	post := fs.Bool("post", false, "post today's digest to NEWSDESK_DIGEST_CHANNEL unless it was already posted")
	if rest, err := e.parse(fs, args); err != nil || len(rest) > 0 {
		return noArgs(fs, rest, err)
	}
	if *post && *since != 0 {
		return usagef("--since is for previews; --post always posts what is new since the last digest")
	}
	d := e.cfg.Digest
	if *post && d.Channel == "" {
		return usagef("--post needs NEWSDESK_DIGEST_CHANNEL (the channel ID to post in)")
	}
	if *post && e.cfg.Slack.BotToken == "" {
		return usagef("--post needs SLACK_BOT_TOKEN")
	}
	ix, _, _, err := e.open(ctx, "newsdesk digest", true)
	if errors.Is(err, index.ErrLocked) {
		return e.digestFromServe(ctx, err, *post, *since, *asJSON)
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	st, err := e.openState(ctx)
	if errors.Is(err, stateBolt.ErrLocked) && !*post {
		// A serve of another corpus holds the state: preview the last day
		// instead of "since the last digest", which only the state knows.
		fmt.Fprintln(e.stderr, "newsdesk digest: serve is running and holds the state; showing the last 24 hours instead (or use --since)")
		*since = 24 * time.Hour
		err = nil
	}
	if err != nil {
		return err
	}
	if st != nil {
		defer st.Close()
	}
	digests := e.digests(ix, e.summarizer())
	if *post {
		res, err := digests.Post(ctx, slack.NewDigestPublisher(e.slackClient()), st)
		if err != nil {
			return err
		}
		return e.writePost(res, d.Channel, *asJSON)
	}
	var dg digest.Digest
	if *since > 0 {
		dg, err = digests.Since(ctx, time.Now().Add(-*since))
	} else {
		dg, err = digests.Next(ctx, st)
	}
	if err != nil {
		return err
	}
	return e.writeDigest(dg, *asJSON)
}

// digestFromServe is digest while a serve holds the data folder (locked
// is the error that said so): it asks that serve through its control
// socket, which posts with the bot's own state, so cron's `digest --post`
// and the bot's schedule never post twice. With no socket in the folder
// the holder is not a serve (another command, or an older serve) and
// locked is the error.
func (e *env) digestFromServe(ctx context.Context, locked error, post bool, since time.Duration, asJSON bool) error {
	sock := control.SocketPath(e.cfg.DataDir)
	if _, err := os.Stat(sock); err != nil {
		return locked
	}
	name, err := datadir.CorpusName(e.cfg.CorpusDir)
	if err != nil {
		return err
	}
	c := control.Dial(sock)
	if post {
		res, channel, err := c.Post(ctx, name)
		if err != nil {
			return fromServe(locked, err)
		}
		return e.writePost(res, channel, asJSON)
	}
	var from time.Time
	if since > 0 {
		from = time.Now().Add(-since)
	}
	dg, err := c.Preview(ctx, name, from)
	if err != nil {
		return fromServe(locked, err)
	}
	return e.writeDigest(dg, asJSON)
}

// fromServe is the error of a digest asked of serve through its socket.
func fromServe(locked, err error) error {
	var held *index.LockedError
	if errors.Is(err, control.ErrNotAnswering) && errors.As(locked, &held) {
		return fmt.Errorf("data folder %s is in use by %s, but %w (restart that serve if it is stuck, or stop it and run digest again)", held.Dir, held.Holder, err)
	}
	return fmt.Errorf("digest through the running serve: %w", err)
}

// writePost prints what `digest --post` did.
func (e *env) writePost(res digest.Result, channel string, asJSON bool) error {
	if asJSON {
		return e.writeJSON(res)
	}
	return writePostResult(e.stdout, res, channel)
}

// writeDigest prints a digest preview.
func (e *env) writeDigest(dg digest.Digest, asJSON bool) error {
	if asJSON {
		return e.writeJSON(dg)
	}
	return digest.WriteDigest(e.stdout, dg)
}

// writePostResult says what `digest --post` did.
func writePostResult(w io.Writer, res digest.Result, channel string) error {
	var err error
	switch res.Status {
	case digest.Posted:
		_, err = fmt.Fprintf(w, "posted the digest for %s to %s (%d articles, ts %s)\n", res.Date, channel, res.Articles, res.TS)
	case digest.AlreadyPosted, digest.Recovered:
		_, err = fmt.Fprintf(w, "the digest for %s was already posted to %s (ts %s); not posting again\n", res.Date, channel, res.TS)
	case digest.NothingNew:
		_, err = fmt.Fprintf(w, "no new articles for the digest of %s; nothing posted\n", res.Date)
	case digest.Elsewhere:
		_, err = fmt.Fprintf(w, "another replica is posting the digest for %s to %s; not posting here\n", res.Date, channel)
	default:
		err = fmt.Errorf("digest --post: unknown result %q for %s", res.Status, res.Date)
	}
	return err
}

// digests is the daily digest over ix as configured.
func (e *env) digests(ix index.Store, sum bot.Summarizer) *digest.Scheduler {
	d := e.cfg.Digest
	return digest.NewScheduler(ix, sum, digest.Options{
		Channel: d.Channel, Hour: d.Hour, Minute: d.Minute, Location: d.Location, PostEmpty: d.PostEmpty,
		Logger: e.log.With("component", "digest"),
	})
}

// slackHTTP returns the client for Slack's Web API: a Slack that accepts a
// connection and never answers must not hold an answer or the digest forever.
func slackHTTP() *http.Client { return &http.Client{Timeout: 60 * time.Second} }

// slackClient is a Web API client for the configured bot token.
func (e *env) slackClient() *slack.Client {
	return slack.NewClient(e.cfg.Slack.BotToken.Reveal(), e.cfg.Slack.APIURL, slackHTTP())
}

// slackOptions are the Slack bot's settings from the configuration.
func (e *env) slackOptions() slack.Options {
	c := e.cfg
	return slack.Options{
		BotToken: c.Slack.BotToken.Reveal(), AppToken: c.Slack.AppToken.Reveal(),
		SigningSecret: c.Slack.SigningSecret.Reveal(), APIURL: c.Slack.APIURL,
		ListenAddr: c.Slack.ListenAddr,
		Workers:    c.Workers, Queue: c.Queue, DeliveryDeadline: c.Deadline, Logger: e.log,
		HTTPClient: slackHTTP(),
	}
}

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := e.flags("serve")
	check := fs.Bool("check", false, "validate the configuration and the bot token (auth.test), then exit")
	if rest, err := e.parse(fs, args); err != nil || len(rest) > 0 {
		return noArgs(fs, rest, err)
	}
	if err := e.cfg.CheckSlack(); err != nil {
		return configError(err)
	}
	if *check {
		return e.check(ctx)
	}
	e.logSettings(e.cfg.LLM.Describe())

	ix, report, st, err := e.openWith(ctx, "newsdesk serve", openOptions{semantic: true, background: true})
	if err != nil {
		return err
	}
	defer ix.Close()
	e.log.Info("index ready", "articles", ix.Len(), "added", st.Added, "updated", st.Updated, "removed", st.Removed, "skipped", len(report.Skipped))
	store, err := e.openState(ctx)
	if err != nil {
		return fmt.Errorf("start slack bot: %w", err)
	}
	defer store.Close()

	sum := e.summarizer()
	answerer := answer.New(ix, sum, e.log)
	digests := e.digests(ix, sum)
	opts := e.slackOptions()
	opts.State, opts.Digest, opts.Health = store, digests, healthCheck(ctx, ix)
	if p, ok := store.(state.Pacer); ok { // replicas share Slack's rate limits
		opts.Pacer = p
	}
	sb, err := slack.New(ctx, opts, answerer, answerer)
	if err != nil {
		return fmt.Errorf("start slack bot: %w", err)
	}
	// The control socket lets `digest` and `digest --post` (from cron, say)
	// run while serve holds the folder. Without it the bot still serves.
	name, err := datadir.CorpusName(e.cfg.CorpusDir)
	if err != nil {
		return err
	}
	ctl, err := control.Listen(control.SocketPath(e.cfg.DataDir),
		control.Scheduled{Scheduler: digests, Publisher: slack.NewDigestPublisher(sb.Client()), State: store},
		control.Options{Corpus: name, Channel: e.cfg.Digest.Channel, Logger: e.log.With("component", "control")})
	if err != nil {
		e.log.Warn("no control socket: digest and digest --post cannot run while serve does", "err", err)
	} else {
		defer ctl.Close()
	}

	// The bot, the digest schedule and the corpus rescan run until ctx is
	// done (SIGINT/SIGTERM) or one of them fails; then the others stop, the
	// bot drains its in-flight answers, and the index closes.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer cancel()
		return sb.Run(gctx)
	})
	if e.cfg.Digest.Channel != "" {
		g.Go(func() error { return digests.Run(gctx, slack.NewDigestPublisher(sb.Client()), store) })
	}
	g.Go(func() error {
		e.rescan(gctx, ix)
		return nil
	})
	if ctl != nil {
		g.Go(func() error {
			if err := ctl.Serve(gctx); err != nil {
				e.log.Error("control socket stopped; digest --post cannot run while serve does", "err", err)
			}
			return nil
		})
	}
	return g.Wait()
}

// check is `serve --check`: it signs in to Slack and, when they are
// configured, asks the model and embedding endpoints whether they answer
// and take the key, printing one line for each. It fails when one does.
func (e *env) check(ctx context.Context) error {
	checks := []struct {
		name string
		run  func(ctx context.Context) (string, error)
	}{
		{"slack", e.checkSlack},
		{"summaries", e.checkLLM},
		{"semantic search", e.checkEmbed},
		{"state", e.checkState},
	}
	failed := 0
	for _, c := range checks {
		line, err := c.run(ctx)
		if err != nil {
			failed++
			line = fmt.Sprintf("FAIL: %s: %v", c.name, err)
		}
		fmt.Fprintln(e.stdout, line)
	}
	if failed > 0 {
		return fmt.Errorf("serve --check: %d of %d checks failed", failed, len(checks))
	}
	return nil
}

// checkSlack signs in with the configured tokens and says how the bot
// would run.
func (e *env) checkSlack(ctx context.Context) (string, error) {
	c := e.cfg
	team, user, err := slack.Check(ctx, e.slackOptions())
	var ne net.Error
	if errors.As(err, &ne) { // no answer: not the token's fault
		return "", fmt.Errorf("cannot reach Slack: %w", ne)
	}
	if err != nil {
		return "", err
	}
	mode := "HTTP Events API on " + c.Slack.ListenAddr
	if c.Slack.SocketMode() {
		mode = "Socket Mode"
	}
	return fmt.Sprintf("ok: signed in to %s as %s; %s; data in %s", team, user, mode, c.DataDir), nil
}

// checkLLM asks the model endpoint, when one is configured, for its
// models with the key.
func (e *env) checkLLM(ctx context.Context) (string, error) {
	l := e.cfg.LLM
	if !l.Enabled() {
		return "off: summaries (no model: set OPENAI_BASE_URL, or OPENAI_API_KEY for OpenAI)", nil
	}
	models, err := llm.Check(ctx, llm.Config{BaseURL: l.BaseURL, APIKey: l.APIKey.Reveal(), Model: l.Model, Timeout: l.Timeout})
	if err != nil {
		return "", err
	}
	line := "ok: summaries: " + l.Describe() + " answers and accepts the key"
	if len(models) > 0 && !slices.Contains(models, l.Model) {
		line += fmt.Sprintf(" (but %s is not among the %d models it lists; check OPENAI_MODEL)", l.Model, len(models))
	}
	return line, nil
}

// checkEmbed loads the embedding model, or asks its endpoint whether it
// answers, takes the key and embeds.
func (e *env) checkEmbed(ctx context.Context) (string, error) {
	c := e.cfg.Embed
	switch {
	case !c.Enabled():
		return "off: semantic search (no embedding model: see NEWSDESK_EMBED_MODEL and NEWSDESK_EMBED_MODEL_NAME)", nil
	case c.InProcess():
		emb, err := e.embedder(ctx)
		if err != nil {
			return "", err
		}
		if cl, ok := emb.(io.Closer); ok {
			cl.Close()
		}
		return fmt.Sprintf("ok: semantic search: %s loads (%d dimensions)", c.Describe(), emb.Model().Dims), nil
	}
	m, err := openai.Check(ctx, openai.Config{BaseURL: c.URL, Model: c.ModelName, APIKey: openai.Secret(c.APIKey.Reveal()), Timeout: c.Timeout})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("ok: semantic search: %s answers, accepts the key and embeds (%d dimensions)", c.Describe(), m.Dims), nil
}

// checkState connects to the PostgreSQL state database, when one is
// configured, without changing it.
func (e *env) checkState(ctx context.Context) (string, error) {
	u := e.cfg.StateURL.Reveal()
	if u == "" {
		return "ok: state: " + e.stateDescription() + " (one process; NEWSDESK_STATE_URL for replicas)", nil
	}
	at, err := statePostgres.Check(ctx, u)
	if err != nil {
		return "", err
	}
	return "ok: state: PostgreSQL " + at + " answers", nil
}

// stateStore is the bot's state, in the data folder or in PostgreSQL.
type stateStore interface {
	state.Store
	Close() error
}

// openState opens the state NEWSDESK_STATE_URL names, or else the one in
// the data folder.
func (e *env) openState(ctx context.Context) (stateStore, error) {
	log := e.log.With("component", "state")
	if u := e.cfg.StateURL.Reveal(); u != "" {
		st, err := statePostgres.Open(ctx, u, statePostgres.Options{Logger: log})
		if err != nil {
			return nil, fmt.Errorf("NEWSDESK_STATE_URL: %w", err)
		}
		return st, nil
	}
	st, err := stateBolt.Open(e.cfg.DataDir, stateBolt.Options{Logger: log})
	if err != nil {
		return nil, err // not a nil *Store in a non-nil interface
	}
	return st, nil
}

// stateDescription says where the state lives, for the settings line.
func (e *env) stateDescription() string {
	if e.cfg.StateURL != "" {
		return "PostgreSQL (NEWSDESK_STATE_URL), shared with other replicas"
	}
	return filepath.Join(e.cfg.DataDir, stateBolt.FileName)
}

// logSettings logs, once at start, what is on and where it points.
func (e *env) logSettings(summaries string) {
	corpusDir := e.cfg.CorpusDir
	if corpusDir == "" {
		corpusDir = "the embedded article"
	}
	e.log.Info("settings", "summaries", summaries, "semantic_search", e.cfg.Embed.Describe(), "corpus", corpusDir, "data", e.cfg.DataDir, "state", e.stateDescription())
}

// healthCheck is /healthz: the index is not being checked or rebuilt after
// damage (the error says why), and answers, promptly.
func healthCheck(ctx context.Context, ix index.Store) func() error {
	return func() error {
		if err := ix.Health(); err != nil {
			return err
		}
		hctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_, err := ix.Search(hctx, "newsdesk", 1)
		return err
	}
}

// rescan keeps ix in step with the corpus folder until ctx is done: on the
// interval, on changes in the folder when it can be watched, and soon after
// the index reports it was damaged and waits to be rebuilt.
func (e *env) rescan(ctx context.Context, ix index.Store) {
	load := func(ctx context.Context) ([]corpus.Article, error) {
		a, report, err := e.articles(ctx, ix)
		return rescan.KeepSkipped(ctx, ix, a, report), err
	}
	log := e.log.With("component", "rescan")
	var changes <-chan time.Time
	if dir := e.cfg.CorpusDir; dir != "" { // the embedded corpus never changes, but is rescanned all the same
		var err error
		if changes, err = fswatch.Watch(ctx, dir, log); err != nil {
			log.Warn("not watching the corpus folder; rescanning every interval only", "dir", dir, "err", err)
		}
	}
	rescan.Run(ctx, e.cfg.RescanInterval, changes, load, ix, log)
}
