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
// leave root, symlinked directories (not followed), duplicate article IDs.
// Files that are not valid UTF-8 are decoded as Windows-1252 and noted.
//
// The articles are sorted by ID. The error is non-nil only when root itself
// cannot be read (it says what to do) or when ctx is done, which Load checks
// between files.
func Load(ctx context.Context, root string) ([]Article, Report, error) {
	info, err := os.Stat(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, Report{}, fmt.Errorf("corpus %s does not exist; pass --corpus with a directory of .txt, .md, .html or .jsonl articles", root)
		}
		return nil, Report{}, fmt.Errorf("open corpus: %w", err)
	}
	if !info.IsDir() {
		dir, name := filepath.Split(root)
		if dir == "" {
			dir = "."
		}
		r, err := os.OpenRoot(dir)
		if err != nil {
			return nil, Report{}, fmt.Errorf("open corpus: %w", err)
		}
		defer r.Close()
		l := loader{fsys: r.FS()}
		articles, report := merge([]result{l.file(name, true)})
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
	l := loader{fsys: r.FS(), absRoot: abs}
	if _, err := fs.ReadDir(l.fsys, "."); err != nil {
		return nil, Report{}, fmt.Errorf("read corpus %s (check its permissions): %w", root, err)
	}
	return l.load(ctx)
}

// LoadFS is Load over a file system: the same formats, rules, order and
// report. Symbolic links are checked when fsys implements fs.ReadLinkFS;
// links to absolute paths are then skipped, since they cannot be checked to
// stay inside fsys.
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
}

// job is one file to read; result is what came of it.
type job struct {
	name      string
	maybeLink bool
}

type result struct {
	name     string
	articles []Article
	skipped  []Skip
	notes    []Skip
}

func (r *result) skip(why string) { r.skipped = append(r.skipped, Skip{Path: r.name, Reason: why}) }

func (l *loader) load(ctx context.Context) ([]Article, Report, error) {
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
		if !d.IsDir() {
			jobs = append(jobs, job{name, d.Type()&fs.ModeSymlink != 0})
		}
		return nil
	})
	if err != nil {
		return nil, Report{}, fmt.Errorf("load corpus: %w", err)
	}
	results, err := l.files(ctx, jobs)
	if err != nil {
		return nil, Report{}, fmt.Errorf("load corpus: %w", err)
	}
	articles, report := merge(results)
	report.Skipped = append(report.Skipped, walk...)
	slices.SortStableFunc(report.Skipped, func(a, b Skip) int { return strings.Compare(a.Path, b.Path) })
	return articles, report, nil
}

// files reads and parses the files on a few goroutines (parsing is CPU
// work; reading many small files waits on the kernel), all of which end
// before files returns. Results keep the order of jobs.
func (l *loader) files(ctx context.Context, jobs []job) ([]result, error) {
	results := make([]result, len(jobs))
	workers := min(runtime.GOMAXPROCS(0), 8, max(len(jobs), 1))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				results[i] = l.file(jobs[i].name, jobs[i].maybeLink)
			}
		})
	}
	var err error
	for i := range jobs {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return results, err
}

// merge gathers the results in order, sorts the articles by ID and skips an
// article whose ID an earlier file already gave.
func merge(results []result) ([]Article, Report) {
	var (
		articles []Article
		report   Report
		from     = map[string]string{}
	)
	for _, r := range results {
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
	slices.SortFunc(articles, func(a, b Article) int { return strings.Compare(a.ID, b.ID) })
	report.Loaded = len(articles)
	return articles, report
}

// file reads one file into articles, or says why not. maybeLink asks to
// check whether it is a symbolic link.
func (l *loader) file(name string, maybeLink bool) result {
	r := result{name: name}
	open := name
	if maybeLink {
		target, why := l.link(name)
		if why != "" {
			r.skip(why)
			return r
		}
		if target != "" {
			open = target
		}
		if info, err := fs.Stat(l.fsys, open); err == nil && info.IsDir() {
			r.skip("symlink to a directory; not followed")
			return r
		}
	}
	ext := extension(name)
	switch ext {
	case ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl", ".jsonl.gz":
	default:
		r.skip(unsupported(ext).Error())
		return r
	}
	if base := strings.ToLower(path.Base(articleID(name))); slices.Contains(notArticles, base) {
		r.skip("not an article (" + path.Base(name) + ")")
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
		return r
	case info.IsDir():
		r.skip("symlink to a directory; not followed")
		return r
	case !info.Mode().IsRegular():
		r.skip("not a regular file")
		return r
	case ext == ".jsonl" || ext == ".jsonl.gz":
		if info.Size() > MaxJSONLSize {
			r.skip(fmt.Sprintf("larger than %d MiB; split it", MaxJSONLSize>>20))
			return r
		}
		articles, skips, err := ParseJSONL(name, f)
		r.skipped = append(r.skipped, skips...)
		if err != nil {
			r.skip(reason(err))
			return r
		}
		r.articles = articles
		return r
	case info.Size() > MaxFileSize:
		r.skip(fmt.Sprintf("larger than %d MiB; split it", MaxFileSize>>20))
		return r
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		r.skip("unreadable: " + reason(err))
		return r
	}
	if len(data) > MaxFileSize {
		r.skip(fmt.Sprintf("larger than %d MiB; split it", MaxFileSize>>20))
		return r
	}
	a, latin1, err := parseFile(name, data)
	if err != nil {
		r.skip(err.Error())
		return r
	}
	r.articles = []Article{a}
	if latin1 {
		r.notes = append(r.notes, Skip{Path: name, Reason: "not valid UTF-8; decoded as Windows-1252"})
	}
	return r
}

// link checks a symbolic link. It returns the name to open instead (for an
// absolute link that stays in the root) or why the link is skipped; both
// are empty for files that are not links, or when links cannot be read.
func (l *loader) link(name string) (target, why string) {
	rl, ok := l.fsys.(fs.ReadLinkFS)
	if !ok {
		return "", ""
	}
	info, err := rl.Lstat(name)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return "", ""
	}
	dest, err := rl.ReadLink(name)
	if err != nil {
		return "", "unreadable symlink: " + reason(err)
	}
	const outside = "symlink leaves the corpus root"
	if filepath.IsAbs(dest) || path.IsAbs(dest) {
		if l.absRoot == "" {
			return "", outside
		}
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
	if l.absRoot != "" {
		// A relative link may still leave through a chain of links; resolve
		// it on disk to say so plainly.
		real, err := filepath.EvalSymlinks(filepath.Join(l.absRoot, filepath.FromSlash(name)))
		if err != nil {
			return "", "broken symlink"
		}
		if rel, err := filepath.Rel(l.absRoot, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", outside
		}
	}
	return "", ""
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
