package bleve

import (
	"bytes"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/go-porterstemmer"
	"github.com/blevesearch/segment"
)

// The analysis of every text field: bleve's English analyzer ("en") with
// a faster tokenizer. Splitting words is a third of what bleve spends on
// analysis, and news text is nearly all ASCII.
const (
	analyzerName  = "newsdesk_en"
	tokenizerName = "newsdesk_words"
)

func init() {
	registry.RegisterTokenizer(tokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	})
	registry.RegisterAnalyzer(analyzerName, func(_ map[string]any, c *registry.Cache) (analysis.Analyzer, error) {
		tok, err := c.TokenizerNamed(tokenizerName)
		if err != nil {
			return nil, err
		}
		a := &analysis.DefaultAnalyzer{Tokenizer: tok}
		for _, name := range []string{en.PossessiveName, lowercase.Name, en.StopName} {
			f, err := c.TokenFilterNamed(name)
			if err != nil {
				return nil, err
			}
			a.TokenFilters = append(a.TokenFilters, f)
		}
		a.TokenFilters = append(a.TokenFilters, &stemmer{stems: map[string][]byte{}})
		return a, nil
	})
}

// stemmer is bleve's Porter stemmer ("stemmer_porter") with a memory: news
// text repeats its words, and stemming one means converting it to runes
// and back. Tokens of one word share the stem's bytes, which nothing
// writes to after analysis.
type stemmer struct {
	mu    sync.RWMutex
	stems map[string][]byte // word → stem, up to maxStems words
}

// maxStems bounds the stemmer's memory to a few megabytes: three times the
// distinct words of the BBC set (about 32,000).
const maxStems = 100000

func (s *stemmer) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if tok.KeyWord {
			continue
		}
		s.mu.RLock()
		stem, ok := s.stems[string(tok.Term)]
		s.mu.RUnlock()
		if !ok {
			stem = analysis.BuildTermFromRunes(porterstemmer.StemWithoutLowerCasing(bytes.Runes(tok.Term)))
			s.mu.Lock()
			if len(s.stems) < maxStems {
				s.stems[string(tok.Term)] = stem
			}
			s.mu.Unlock()
		}
		tok.Term = stem
	}
	return input
}

// wordTokenizer gives the tokens of bleve's unicode tokenizer (Unicode
// word boundaries, UAX #29) with a fast path: input is cut at ASCII white
// space, which always ends a word, and a piece that is all ASCII is split
// by the rules of UAX #29 for ASCII; any other piece goes to the unicode
// segmenter. TestWordTokenizerMatchesUnicode holds the two to the same
// output.
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := make([]analysis.Token, 0, len(input)/5+1) // a word every five or six bytes of news text
	for i := 0; i < len(input); {
		if isSpace(input[i]) {
			i++
			continue
		}
		j, ascii := i, true
		for j < len(input) && !isSpace(input[j]) {
			ascii = ascii && input[j] < 0x80
			j++
		}
		if ascii {
			toks = appendASCIIWords(toks, input, i, j)
		} else {
			toks = appendSegments(toks, input, i, j)
		}
		i = j
	}
	out := make(analysis.TokenStream, len(toks))
	for k := range toks {
		toks[k].Position = k + 1
		out[k] = &toks[k]
	}
	return out
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// ASCII classes of UAX #29 word breaking.
const (
	other   = iota
	letter  // ALetter
	digit   // Numeric
	extend  // ExtendNumLet: "_"
	midLet  // MidLetter: ":"
	midNum  // MidNum: "," ";"
	midBoth // MidNumLet and Single_Quote: "." "'"
)

var asciiClass = func() (c [128]byte) {
	for b := 'a'; b <= 'z'; b++ {
		c[b], c[b-'a'+'A'] = letter, letter
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = digit
	}
	c['_'], c[':'], c[','], c[';'], c['.'], c['\''] = extend, midLet, midNum, midNum, midBoth, midBoth
	return c
}()

// appendASCIIWords appends the words of input[i:j], which holds no white
// space and no byte above 0x7f.
func appendASCIIWords(toks []analysis.Token, input []byte, i, j int) []analysis.Token {
	for i < j {
		c := asciiClass[input[i]]
		if c != letter && c != digit && c != extend {
			i++
			continue
		}
		start, letters, digits := i, c == letter, c == digit
		prev := c
		for i++; i < j; i++ {
			c := asciiClass[input[i]]
			if c == letter || c == digit || c == extend {
				// WB5, WB8–10, WB13a–b
				letters, digits = letters || c == letter, digits || c == digit
				prev = c
				continue
			}
			if i+1 >= j {
				break
			}
			next := asciiClass[input[i+1]]
			if prev == letter && next == letter && (c == midLet || c == midBoth) || // WB6–7
				prev == digit && next == digit && (c == midNum || c == midBoth) { // WB11–12
				i++
				continue
			}
			break
		}
		typ := analysis.AlphaNumeric
		if digits && !letters {
			typ = analysis.Numeric
		}
		toks = append(toks, analysis.Token{Term: input[start:i], Start: start, End: i, Type: typ})
	}
	return toks
}

// appendSegments appends the words of input[i:j] found by the unicode
// segmenter, as bleve's unicode tokenizer does.
func appendSegments(toks []analysis.Token, input []byte, i, j int) []analysis.Token {
	seg := segment.NewWordSegmenterDirect(input[i:j])
	start := i
	for seg.Segment() {
		b := seg.Bytes()
		end := start + len(b)
		if seg.Type() != segment.None {
			toks = append(toks, analysis.Token{Term: b, Start: start, End: end, Type: segmentType(seg.Type())})
		}
		start = end
	}
	return toks
}

// segmentType is the token type bleve's unicode tokenizer gives a segment.
func segmentType(t int) analysis.TokenType {
	switch t {
	case segment.Ideo, segment.Kana:
		return analysis.Ideographic
	case segment.Number:
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}
