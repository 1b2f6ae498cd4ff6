package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"newsdesk/corpus"
)

// Generator makes synthetic articles from source articles. It is safe for
// concurrent use: each article depends only on its number, its edition and
// the seed.
type Generator struct {
	seed uint64
	src  []source
	cats map[string][]int // category → indexes into src
	// names holds each category's capitalised words, for substitutions.
	names map[string][]string
}

// source is one real article split into what the generator mixes.
type source struct {
	category   string
	title      string
	paragraphs []string
}

// New returns a generator over src (articles as corpus.Load returns them;
// the category is the first folder of an article's ID) with the given seed.
func New(src []corpus.Article, seed uint64) *Generator {
	g := &Generator{seed: seed, cats: map[string][]int{}, names: map[string][]string{}}
	seen := map[string]bool{}
	for _, a := range src {
		cat, _, ok := strings.Cut(a.ID, "/")
		if !ok {
			cat = ""
		}
		var paras []string
		for _, p := range strings.Split(a.Text, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		if len(paras) == 0 {
			continue
		}
		g.cats[cat] = append(g.cats[cat], len(g.src))
		g.src = append(g.src, source{category: cat, title: a.Title, paragraphs: paras})
		for _, p := range paras {
			for _, w := range strings.Fields(p) {
				if isName(w) && !seen[cat+"/"+w] {
					seen[cat+"/"+w] = true
					g.names[cat] = append(g.names[cat], w)
				}
			}
		}
	}
	return g
}

// isName reports whether w is a plain capitalised word of letters, long
// enough to be a name rather than "The" or "A".
func isName(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || len(w) < 4 {
		return false
	}
	for _, r := range w[1:] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// Path is where Write puts article n: its source's category folder and
// its number, "business/000042.txt".
func (g *Generator) Path(n int) string {
	s := g.src[n%len(g.src)]
	return filepath.Join(s.category, fmt.Sprintf("%06d.txt", n))
}

// Article returns the file content of article n in the given edition. The
// first len(src) articles of edition 0 are the sources themselves, so that
// questions about the real articles still have their answers; every other
// one is a perturbed copy of source n mod len(src). A later edition is the
// same article changed: a paragraph replaced and numbers substituted anew.
func (g *Generator) Article(n, edition int) string {
	if len(g.src) == 0 {
		return ""
	}
	base := g.src[n%len(g.src)]
	if n < len(g.src) && edition == 0 {
		return base.title + "\n\n" + strings.Join(base.paragraphs, "\n\n") + "\n"
	}
	rng := rand.New(rand.NewPCG(g.seed, uint64(n)<<8|uint64(edition&0xff)))
	peers := g.cats[base.category]
	paras := append([]string(nil), base.paragraphs...)
	// Paragraphs from other articles of the category, as wires reuse copy.
	for i := 1; i < len(paras); i++ {
		if rng.IntN(10) < 3 {
			donor := g.src[peers[rng.IntN(len(peers))]]
			paras[i] = donor.paragraphs[rng.IntN(len(donor.paragraphs))]
		}
	}
	// Two paragraphs after the lead change places.
	if len(paras) > 2 && rng.IntN(2) == 0 {
		i, j := 1+rng.IntN(len(paras)-1), 1+rng.IntN(len(paras)-1)
		paras[i], paras[j] = paras[j], paras[i]
	}
	if edition > 0 {
		donor := g.src[peers[rng.IntN(len(peers))]]
		paras[rng.IntN(len(paras))] = donor.paragraphs[rng.IntN(len(donor.paragraphs))]
	}
	var b strings.Builder
	b.Grow(len(base.title) + 2*len(paras) + 2500)
	g.perturb(&b, rng, base.category, base.title, n)
	for _, p := range paras {
		b.WriteString("\n\n")
		g.perturb(&b, rng, base.category, p, n)
	}
	b.WriteString("\n")
	return b.String()
}

// perturb writes text to b with numbers substituted (each with the same
// count of digits), some names replaced by other names of the category,
// and some long words given a suffix made from the article's number: new
// words, one article's in a few others, as an archive's vocabulary grows.
func (g *Generator) perturb(b *strings.Builder, rng *rand.Rand, cat, text string, n int) {
	names := g.names[cat]
	for i, w := range strings.Split(text, " ") {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch {
		case w == "":
		case w[0] >= '0' && w[0] <= '9' && rng.IntN(2) == 0:
			for j := 0; j < len(w); j++ {
				c := w[j]
				if c >= '0' && c <= '9' {
					c = byte('0' + rng.IntN(10))
					if j == 0 && c == '0' {
						c = '1'
					}
				}
				b.WriteByte(c)
			}
		case i > 0 && len(names) > 0 && isName(w) && rng.IntN(10) == 0:
			b.WriteString(names[rng.IntN(len(names))])
		case len(w) >= 8 && isLower(w) && rng.IntN(50) == 0:
			b.WriteString(w)
			b.WriteString(suffix(n / 4))
		default:
			b.WriteString(w)
		}
	}
}

// isLower reports whether w is all lower-case ASCII letters.
func isLower(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// suffix spells k in letters, "a", "b", … "ba", so that a suffixed word
// stays one word to the tokenizer.
func suffix(k int) string {
	var out []byte
	for {
		out = append(out, byte('a'+k%26))
		k /= 26
		if k == 0 {
			break
		}
	}
	return "x" + string(out)
}

// Stats is what Write wrote.
type Stats struct {
	Files int
	Bytes int64
}

// Write writes articles 0 to count-1, edition 0, under dir (created when
// missing), on a few goroutines. It stops when ctx is done and returns its
// error, or the first error writing a file.
func (g *Generator) Write(ctx context.Context, dir string, count int) (Stats, error) {
	if len(g.src) == 0 {
		return Stats{}, fmt.Errorf("synthetic archive: no source articles")
	}
	for cat := range g.cats {
		if err := os.MkdirAll(filepath.Join(dir, cat), 0o755); err != nil {
			return Stats{}, fmt.Errorf("synthetic archive: %w", err)
		}
	}
	var (
		mu    sync.Mutex
		st    Stats
		first error
		wg    sync.WaitGroup
		next  = make(chan int)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for n := range next {
				text := g.Article(n, 0)
				err := os.WriteFile(filepath.Join(dir, g.Path(n)), []byte(text), 0o644)
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("synthetic archive: %w", err)
				}
				st.Files++
				st.Bytes += int64(len(text))
				mu.Unlock()
			}
		})
	}
	for n := range count {
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed || ctx.Err() != nil {
			break
		}
		next <- n
	}
	close(next)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return st, first
}

// Change rewrites one in every `every` of the count articles Write wrote
// under dir (every 100: 1%), each as the given edition (1 and up), and
// returns how many it rewrote, or the first error writing one.
func (g *Generator) Change(dir string, count int, every int, edition int) (int, error) {
	changed := 0
	for n := every / 2; n < count; n += every {
		if err := os.WriteFile(filepath.Join(dir, g.Path(n)), []byte(g.Article(n, edition)), 0o644); err != nil {
			return changed, fmt.Errorf("change %s: %w", g.Path(n), err)
		}
		changed++
	}
	return changed, nil
}
