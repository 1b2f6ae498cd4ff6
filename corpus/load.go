package corpus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// MaxFileSize caps one article file. Larger files are skipped with a reason;
// .jsonl files are capped by MaxJSONLSize instead, and each of their lines
// by MaxFileSize.
const MaxFileSize = 8 << 20

// Skip is a file (or a line of a .jsonl file) that Load did not load, or
// loaded with a caveat (Report.Notes), and why.
type Skip struct {
	Path   string // slash path relative to the corpus root
	Reason string // e.g. "empty", "binary file", "line 3: no \"id\" or \"_id\""
}

// Report says what Load did.
type Report struct {
	Loaded  int    // articles loaded
	Skipped []Skip // files and lines not loaded, in path order
	Notes   []Skip // files loaded with a caveat, e.g. decoded as Windows-1252
}

// Load reads every article under root: .txt, .md/.markdown, .html/.htm,
// .jsonl and .jsonl.gz files, in any subdirectory, extensions compared
// case-insensitively. root may also be a single article file.
//
// Hidden files and directories (".git") are ignored silently. Every other
// file that cannot be loaded is skipped with its reason in the report, and
// the load goes on: unsupported extensions, README and LICENSE files, empty
// or binary files, files over MaxFileSize, unreadable files, symlinks that
// leave root, symlinked directories (not followed), named pipes, devices
// and sockets (never opened), duplicate article IDs.
// Files that are not valid UTF-8 are decoded as Windows-1252 and noted.
//
// The articles are sorted by ID. The error is non-nil only when root itself
// cannot be read (it says what to do) or when ctx is done, which Load checks
// between files.
func Load(ctx context.Context, root string) ([]Article, Report, error) {
	return LoadWith(ctx, root, LoadOptions{})
}

// LoadOptions tune LoadWith.
type LoadOptions struct {
	// Known, when not nil, is asked about each article file (not a .jsonl
	// file, not a symbolic link) before it is read, with the article's ID
	// and the file's size and modification time. When it returns true and
	// the hash of the article with that ID as it was last read, the file is
	// not read: its article comes back with ID, Hash, File and Path only,
	// and Unread set. An index gives it, so that a load of a corpus that has not
	// changed reads directories, not files.
	Known func(id string, f FileInfo) (hash string, ok bool)
	// Lazy drops the text of every article file it reads once its hash is
	// known (not of .jsonl lines, which are many articles to a file): the
	// article comes back Unread, with ID, Hash, File and Path, for
	// ReadArticle to read when it is indexed. A corpus loaded lazily costs
	// the memory of its IDs, not of its text.
	Lazy bool
}

// LoadWith is Load with options.
func LoadWith(ctx context.Context, root string, o LoadOptions) ([]Article, Report, error) {
	info, err := os.Stat(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, Report{}, fmt.Errorf("corpus %s does not exist; pass --corpus with a directory of .txt, .md, .html or .jsonl articles", root)
		}
		return nil, Report{}, fmt.Errorf("open corpus: %w", err)
	}
	if !info.IsDir() {
		// The user named this file: follow its links wherever they lead.
		real, err := filepath.EvalSymlinks(root)
		if err != nil {
			return nil, Report{}, fmt.Errorf("open corpus: %w", err)
		}
		dir, name := filepath.Split(real)
		if dir == "" {
			dir = "."
		}
		r, err := os.OpenRoot(dir)
		if err != nil {
			return nil, Report{}, fmt.Errorf("open corpus: %w", err)
		}
		defer r.Close()
		l := loader{fsys: r.FS()}
		articles, report := merge(nil, []result{l.file(job{name: name, maybeLink: true})}, nil)
		return articles, report, nil
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, Report{}, fmt.Errorf("open corpus: %w", err)
	}
	defer r.Close()
	abs, err := filepath.Abs(root)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return nil, Report{}, fmt.Errorf("open corpus: %w", err)
	}
	l := loader{fsys: r.FS(), absRoot: abs, known: o.Known, lazy: o.Lazy}
	if _, err := fs.ReadDir(l.fsys, "."); err != nil {
		return nil, Report{}, fmt.Errorf("read corpus %s (check its permissions): %w", root, err)
	}
	return l.load(ctx)
}

// LoadFS is Load over a file system: the same formats, rules, order and
// report. Symbolic links are checked when fsys implements fs.ReadLinkFS:
// they are resolved inside fsys, link by link, and skipped when they point
// above its root or to an absolute path (which cannot be checked to stay
// inside fsys).
func LoadFS(ctx context.Context, fsys fs.FS) ([]Article, Report, error) {
	if _, err := fs.ReadDir(fsys, "."); err != nil {
		return nil, Report{}, fmt.Errorf("read corpus: %w", err)
	}
	l := loader{fsys: fsys}
	return l.load(ctx)
}

// loader walks a corpus and turns its files into articles and a report.
type loader struct {
	fsys    fs.FS
	absRoot string // the real root directory when loading from disk
	known   func(id string, f FileInfo) (string, bool)
	lazy    bool
	now     time.Time // when the load began, for fileInfo
}

// job is one file to read; result is what came of it.
type job struct {
	name      string
	maybeLink bool
	// stamp is the size and time of a regular file as the walk saw it,
	// when there is a Known to ask; zero otherwise (see fileInfo).
	stamp FileInfo
}

type result struct {
	name     string
	articles []Article
	skipped  []Skip
	notes    []Skip
}

func (r *result) skip(why string) { r.skipped = append(r.skipped, Skip{Path: r.name, Reason: why}) }

func (l *loader) load(ctx context.Context) ([]Article, Report, error) {
	l.now = time.Now()
	var (
		jobs []job
		walk []Skip // directories that could not be read
	)
	err := fs.WalkDir(l.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if name == "." {
			return err // the root was checked readable before the walk
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err != nil {
			walk = append(walk, Skip{Path: name, Reason: "unreadable: " + reason(err)})
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch typ := d.Type(); {
		case d.IsDir():
		case typ&fs.ModeSymlink == 0 && !typ.IsRegular():
			// Never opened: a named pipe blocks its reader until a writer comes.
			walk = append(walk, Skip{Path: name, Reason: "not a regular file"})
		default:
			j := job{name: name, maybeLink: typ&fs.ModeSymlink != 0}
			if l.known != nil && !j.maybeLink {
				// One lstat; none is fine, the file is read.
				if info, err := d.Info(); err == nil && info.Mode().IsRegular() {
					j.stamp = l.fileInfo(info)
				}
			}
			jobs = append(jobs, j)
		}
		return nil
	})
	if err != nil {
		return nil, Report{}, fmt.Errorf("load corpus: %w", err)
	}
	results, slots, err := l.files(ctx, jobs)
	if err != nil {
		return nil, Report{}, fmt.Errorf("load corpus: %w", err)
	}
	articles, report := merge(jobs, results, slots)
	report.Skipped = append(report.Skipped, walk...)
	slices.SortStableFunc(report.Skipped, func(a, b Skip) int { return strings.Compare(a.Path, b.Path) })
	return articles, report, nil
}

// files reads and parses the files on a few goroutines (parsing is CPU
// work; reading many small files waits on the kernel), all of which end
// before files returns. Results keep the order of jobs. A file that is
// one article and nothing else to report, as most are, leaves its result
// zero and its article in slots at its index instead: a large corpus's
// articles are then held once, not also in one small slice each.
func (l *loader) files(ctx context.Context, jobs []job) (results []result, slots []Article, err error) {
	results = make([]result, len(jobs))
	slots = make([]Article, len(jobs))
	workers := min(runtime.GOMAXPROCS(0), 8, max(len(jobs), 1))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				r := l.file(jobs[i])
				if len(r.articles) == 1 && len(r.skipped) == 0 && len(r.notes) == 0 {
					slots[i] = r.articles[0]
					continue
				}
				results[i] = r
			}
		})
	}
	for i := range jobs {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return results, slots, err
}

// merge gathers the results of files in the order of jobs (slots may be
// nil), sorts the articles by ID and skips an article whose ID an earlier
// file already gave. When every file gave one article at most, as files
// of their own do, it returns the articles in slots, whose entry i it has
// read when it writes entry i.
func merge(jobs []job, results []result, slots []Article) ([]Article, Report) {
	var (
		articles []Article
		report   Report
		from     = make(map[string]string, len(results))
	)
	inPlace := slots != nil && !slices.ContainsFunc(results, func(r result) bool { return len(r.articles) > 1 })
	if inPlace {
		articles = slots[:0]
	}
	for i, r := range results {
		if slots != nil && slots[i].ID != "" {
			r.name, r.articles = jobs[i].name, slots[i:i+1:i+1]
		}
		report.Skipped = append(report.Skipped, r.skipped...)
		dup := false
		for _, a := range r.articles {
			if prev, ok := from[a.ID]; ok {
				dup = true
				report.Skipped = append(report.Skipped, Skip{Path: r.name,
					Reason: fmt.Sprintf("duplicate article ID %s (also from %s)", a.ID, prev)})
				continue
			}
			from[a.ID] = r.name
			articles = append(articles, a)
		}
		if !dup || len(r.articles) > 1 {
			report.Notes = append(report.Notes, r.notes...)
		}
	}
	if inPlace {
		clear(slots[len(articles):]) // what moved down stays reachable otherwise
	}
	slices.SortFunc(articles, func(a, b Article) int { return strings.Compare(a.ID, b.ID) })
	report.Loaded = len(articles)
	return articles, report
}

// file reads one file into articles, or says why not. j.maybeLink asks to
// check whether it is a symbolic link.
func (l *loader) file(j job) result {
	name, maybeLink := j.name, j.maybeLink
	r := result{name: name}
	open, why := name, ""
	if maybeLink {
		open, why = l.linkTarget(name)
	}
	if why == "" {
		why = notArticle(name)
	}
	if why != "" {
		r.skip(why)
		return r
	}
	if a, ok := l.unchanged(j); ok {
		r.articles = []Article{a}
		return r
	}
	f, err := l.fsys.Open(open)
	if err != nil {
		r.skip("unreadable: " + reason(err))
		return r
	}
	defer f.Close()
	info, err := f.Stat()
	switch {
	case err != nil:
		r.skip("unreadable: " + reason(err))
	case info.IsDir():
		r.skip("symlink to a directory; not followed")
	case !info.Mode().IsRegular():
		r.skip("not a regular file")
	case extension(name) == ".jsonl" || extension(name) == ".jsonl.gz":
		r.readJSONL(f, info.Size())
	default:
		r.readArticle(f, info.Size())
		if len(r.articles) == 1 {
			a := &r.articles[0]
			a.File, a.Path = l.fileInfo(info), name
			if l.lazy {
				*a = Article{ID: a.ID, Hash: a.Hash, File: a.File, Path: a.Path, Unread: true}
			}
		}
	}
	return r
}

// ReadArticle reads again the file of an article Load left unread (a.Path
// under root), and returns the article as it is now, with its text: its
// hash is the file's now, which may differ from a.Hash. It returns an
// error when the file cannot be read or is no article any more, with the
// reason Load would give for skipping it.
func ReadArticle(root string, a Article) (Article, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return Article{}, fmt.Errorf("read article %s: %w", a.ID, err)
	}
	defer r.Close()
	l := loader{fsys: r.FS(), now: time.Now()}
	res := l.file(job{name: a.Path, maybeLink: true})
	switch {
	case len(res.skipped) > 0:
		return Article{}, fmt.Errorf("read article %s: %s: %s", a.ID, a.Path, res.skipped[0].Reason)
	case len(res.articles) != 1 || res.articles[0].ID != a.ID:
		return Article{}, fmt.Errorf("read article %s: %s holds no article of that ID", a.ID, a.Path)
	}
	return res.articles[0], nil
}

// unchanged returns the unread article of file j when l.known says the
// file is the version last read (see LoadOptions.Known).
func (l *loader) unchanged(j job) (Article, bool) {
	name, fi := j.name, j.stamp
	if l.known == nil || j.maybeLink || fi == (FileInfo{}) || extension(name) == ".jsonl" || extension(name) == ".jsonl.gz" {
		return Article{}, false
	}
	id := articleID(name)
	hash, ok := l.known(id, fi)
	if !ok {
		return Article{}, false
	}
	return Article{ID: id, Hash: hash, File: fi, Path: name, Unread: true}, true
}

// racyWindow is how recently a file may have changed for its size and
// time to say nothing: a file written again within the same tick of the
// file system's clock keeps its time, and one being written grows after
// it is read.
const racyWindow = 2 * time.Second

// fileInfo is what a later load compares to know a file unchanged: its
// size and modification time, or zero when it changed within racyWindow
// of the load's start.
func (l *loader) fileInfo(info fs.FileInfo) FileInfo {
	mt := info.ModTime()
	if mt.After(l.now.Add(-racyWindow)) {
		return FileInfo{}
	}
	return FileInfo{Size: info.Size(), ModTime: mt.UnixNano()}
}

// linkTarget returns the name to open for name, which may be a symbolic
// link, or why it is skipped.
func (l *loader) linkTarget(name string) (open, why string) {
	target, why := l.link(name)
	if why != "" {
		return "", why
	}
	open = name
	if target != "" {
		open = target
	}
	if info, err := fs.Stat(l.fsys, open); err == nil && info.IsDir() {
		return "", "symlink to a directory; not followed"
	} else if err == nil && !info.Mode().IsRegular() {
		return "", "not a regular file" // not opened: a named pipe would block
	}
	return open, ""
}

// notArticle says why name is not read as an article, by its name alone:
// an unsupported extension, or a README-like file. It is "" for an
// article file.
func notArticle(name string) string {
	switch ext := extension(name); ext {
	case ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl", ".jsonl.gz":
	default:
		return unsupported(ext).Error()
	}
	if base := strings.ToLower(path.Base(articleID(name))); slices.Contains(notArticles, base) {
		return "not an article (" + path.Base(name) + ")"
	}
	return ""
}

// readJSONL reads the articles of a JSON Lines file of size bytes.
func (r *result) readJSONL(f io.Reader, size int64) {
	if size > MaxJSONLSize {
		r.skip(fmt.Sprintf("larger than %d MiB; split it", MaxJSONLSize>>20))
		return
	}
	articles, skips, err := ParseJSONL(r.name, f)
	r.skipped = append(r.skipped, skips...)
	if err != nil {
		r.skip(reason(err))
		return
	}
	r.articles = articles
}

// readArticle reads the one article of a file of size bytes.
func (r *result) readArticle(f io.Reader, size int64) {
	tooLarge := fmt.Sprintf("larger than %d MiB; split it", MaxFileSize>>20)
	if size > MaxFileSize {
		r.skip(tooLarge)
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		r.skip("unreadable: " + reason(err))
		return
	}
	if len(data) > MaxFileSize { // Stat's size may be stale
		r.skip(tooLarge)
		return
	}
	a, latin1, err := parseFile(r.name, data)
	if err != nil {
		r.skip(err.Error())
		return
	}
	r.articles = []Article{a}
	if latin1 {
		r.notes = append(r.notes, Skip{Path: r.name, Reason: "not valid UTF-8; decoded as Windows-1252"})
	}
}

// link checks a symbolic link. It returns the name to open instead (for an
// absolute link that stays in the root, or any link outside a disk root) or
// why the link is skipped; both are empty for files that are not links, or
// when links cannot be read.
func (l *loader) link(name string) (target, why string) {
	rl, ok := l.fsys.(fs.ReadLinkFS)
	if !ok {
		return "", ""
	}
	info, err := rl.Lstat(name)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return "", ""
	}
	if l.absRoot == "" {
		// Not on disk: only fsys can tell where the link goes. Resolve it
		// here, so that opening it (os.DirFS follows links anywhere) cannot
		// leave through another link: a linked parent directory or a chain.
		return resolveLinks(rl, name)
	}
	dest, err := rl.ReadLink(name)
	if err != nil {
		return "", "unreadable symlink: " + reason(err)
	}
	if filepath.IsAbs(dest) || path.IsAbs(dest) {
		real, err := filepath.EvalSymlinks(dest)
		if err != nil {
			return "", "broken symlink"
		}
		rel, err := filepath.Rel(l.absRoot, real)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", outside
		}
		return filepath.ToSlash(rel), ""
	}
	joined := path.Join(path.Dir(name), filepath.ToSlash(dest))
	if joined == ".." || strings.HasPrefix(joined, "../") {
		return "", outside
	}
	// A relative link may still leave through a chain of links; resolve it
	// on disk to say so plainly (os.Root would refuse to open it anyway).
	real, err := filepath.EvalSymlinks(filepath.Join(l.absRoot, filepath.FromSlash(name)))
	if err != nil {
		return "", "broken symlink"
	}
	if rel, err := filepath.Rel(l.absRoot, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", outside
	}
	return "", ""
}

const outside = "symlink leaves the corpus root"

// maxLinkHops bounds a chain of links, as the kernel's ELOOP does.
const maxLinkHops = 40

// resolveLinks follows the links in name, component by component, the way
// the kernel would, staying inside fsys. It returns the name with no link
// left in it, or why the link is skipped: it leaves the root (an absolute
// target, or ".." above the root), or it is broken or loops.
func resolveLinks(rl fs.ReadLinkFS, name string) (target, why string) {
	done := "" // resolved so far, relative to the root; "" is the root
	rest := strings.Split(name, "/")
	for hops := 0; len(rest) > 0; {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if done == "" {
				return "", outside
			}
			if done = path.Dir(done); done == "." {
				done = ""
			}
			continue
		}
		next := path.Join(done, c)
		info, err := rl.Lstat(next)
		if err != nil {
			return "", "broken symlink"
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			done = next
			continue
		}
		if hops++; hops > maxLinkHops {
			return "", "broken symlink"
		}
		dest, err := rl.ReadLink(next)
		if err != nil {
			return "", "unreadable symlink: " + reason(err)
		}
		dest = filepath.ToSlash(dest)
		if path.IsAbs(dest) || filepath.IsAbs(dest) {
			return "", outside
		}
		rest = append(strings.Split(dest, "/"), rest...) // relative to done, the link's directory
	}
	if done == "" {
		return ".", ""
	}
	return done, ""
}

// notArticles are file names (without extension, lower case) that document
// a corpus rather than belong to it.
var notArticles = []string{"readme", "license", "licence", "copying", "changelog", "contributing"}

// reason turns an error into a short reason: the cause without the path
// (which the report already shows).
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, fs.ErrNotExist):
		return "file does not exist"
	}
	return err.Error()
}
