package bot

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"newsdesk/corpus"
)

// EvalQuestion is one question of an evaluation set and what a right answer
// looks like. A passage is right when it contains one of Answers (compared
// case-insensitively, spaces folded) and belongs to one of Articles; an empty
// list puts no condition on its side.
type EvalQuestion struct {
	Question string   `json:"question"`
	Articles []string `json:"articles,omitempty"` // relevant article IDs
	Answers  []string `json:"answers,omitempty"`  // texts a right passage contains
}

// EvalSet is a list of questions and, for the benchmarks that bring their
// own documents (BEIR, SQuAD), the articles to index.
type EvalSet struct {
	Name      string           // short name for the data folder: "scifact", "squad", or the file's base name
	Kind      string           // "qa", "beir" or "squad"
	Questions []EvalQuestion   //
	Articles  []corpus.Article // the set's own corpus; nil when the questions are about the configured corpus
}

// ReadEvalSet reads an evaluation set from path:
//   - a JSON Lines file of {"question", "article", "answer"} objects, where
//     "article" is an article ID (or its path; a known extension is dropped)
//     or a list of them, and "answer" a text or a list of texts; either may
//     be absent;
//   - a BEIR folder (corpus.jsonl or corpus.jsonl.gz, queries.jsonl,
//     qrels/<split>.tsv), which brings its corpus; split is "test" or
//     "train" (default "test");
//   - the SQuAD v1.1 JSON file, or a .zip holding it: each paragraph becomes
//     an article "<title>/<i>" and each question expects its paragraph and
//     gold answer texts.
//
// The error says which file or line is wrong. ReadEvalSet checks ctx
// between files.
func ReadEvalSet(ctx context.Context, path, split string) (EvalSet, error) {
	info, err := os.Stat(path)
	if err != nil {
		return EvalSet{}, fmt.Errorf("read eval set: %w", err)
	}
	switch lower := strings.ToLower(path); {
	case info.IsDir():
		return readBEIR(ctx, path, split)
	case strings.HasSuffix(lower, ".zip"), strings.HasSuffix(lower, ".json"):
		return readSQuAD(path)
	default:
		return readQA(path)
	}
}

// qaLine is one line of a QA file. article and answer take a string or a
// list of strings.
type qaLine struct {
	Question string          `json:"question"`
	Article  json.RawMessage `json:"article"`
	Answer   json.RawMessage `json:"answer"`
}

func readQA(path string) (EvalSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return EvalSet{}, fmt.Errorf("read eval set: %w", err)
	}
	defer f.Close()
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	set := EvalSet{Name: name, Kind: "qa"}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		var l qaLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			return EvalSet{}, fmt.Errorf("%s line %d: %w", path, n, err)
		}
		arts, err := strings1(l.Article)
		if err != nil {
			return EvalSet{}, fmt.Errorf("%s line %d: article: %w", path, n, err)
		}
		answers, err := strings1(l.Answer)
		if err != nil {
			return EvalSet{}, fmt.Errorf("%s line %d: answer: %w", path, n, err)
		}
		if strings.TrimSpace(l.Question) == "" {
			return EvalSet{}, fmt.Errorf("%s line %d: no question", path, n)
		}
		for i, a := range arts {
			arts[i] = stripExt(a)
		}
		set.Questions = append(set.Questions, EvalQuestion{Question: l.Question, Articles: arts, Answers: answers})
	}
	if err := sc.Err(); err != nil {
		return EvalSet{}, fmt.Errorf("read %s: %w", path, err)
	}
	return set, nil
}

// strings1 reads a JSON string or list of strings; absent or null is nil.
func strings1(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, errors.New("want a string or a list of strings")
	}
	return list, nil
}

// stripExt turns an article path ("business/001.txt") into its ID.
func stripExt(id string) string {
	id = strings.TrimPrefix(strings.TrimSpace(id), "./")
	for _, ext := range []string{".txt", ".text", ".md", ".markdown", ".html", ".htm"} {
		if len(id) > len(ext) && strings.EqualFold(id[len(id)-len(ext):], ext) {
			return id[:len(id)-len(ext)]
		}
	}
	return id
}

func readBEIR(ctx context.Context, dir, split string) (EvalSet, error) {
	if split == "" {
		split = "test"
	}
	corpusPath := filepath.Join(dir, "corpus.jsonl.gz")
	if _, err := os.Stat(corpusPath); err != nil {
		corpusPath = filepath.Join(dir, "corpus.jsonl")
	}
	articles, report, err := corpus.Load(ctx, corpusPath)
	if err != nil {
		return EvalSet{}, fmt.Errorf("read BEIR corpus: %w", err)
	}
	if len(articles) == 0 {
		return EvalSet{}, fmt.Errorf("read BEIR corpus %s: no articles (%d skipped)", corpusPath, len(report.Skipped))
	}
	// Article IDs are "<file>/<record id>"; qrels name the record id.
	byDoc := make(map[string]string, len(articles))
	for _, a := range articles {
		byDoc[a.ID[strings.LastIndex(a.ID, "/")+1:]] = a.ID
	}

	queries := map[string]string{}
	qf, err := os.Open(filepath.Join(dir, "queries.jsonl"))
	if err != nil {
		return EvalSet{}, fmt.Errorf("read BEIR queries: %w", err)
	}
	defer qf.Close()
	sc := bufio.NewScanner(qf)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		var q struct {
			ID   json.RawMessage `json:"_id"`
			Text string          `json:"text"`
		}
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return EvalSet{}, fmt.Errorf("queries.jsonl line %d: %w", n, err)
		}
		queries[strings.Trim(string(q.ID), `"`)] = q.Text
	}
	if err := sc.Err(); err != nil {
		return EvalSet{}, fmt.Errorf("read BEIR queries: %w", err)
	}

	rf, err := os.Open(filepath.Join(dir, "qrels", split+".tsv"))
	if err != nil {
		return EvalSet{}, fmt.Errorf("read BEIR qrels (split %q): %w", split, err)
	}
	defer rf.Close()
	rel := map[string][]string{}
	var order []string
	sc = bufio.NewScanner(rf)
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(strings.TrimSpace(sc.Text()), "\t")
		if len(f) < 3 || (n == 1 && f[0] == "query-id") {
			continue
		}
		if s, err := strconv.ParseFloat(f[2], 64); err != nil || s <= 0 {
			continue
		}
		id, ok := byDoc[f[1]]
		if !ok {
			return EvalSet{}, fmt.Errorf("qrels/%s.tsv line %d: document %q is not in the corpus", split, n, f[1])
		}
		if _, ok := rel[f[0]]; !ok {
			order = append(order, f[0])
		}
		rel[f[0]] = append(rel[f[0]], id)
	}
	if err := sc.Err(); err != nil {
		return EvalSet{}, fmt.Errorf("read BEIR qrels: %w", err)
	}
	set := EvalSet{Name: filepath.Base(filepath.Clean(dir)), Kind: "beir", Articles: articles}
	set.Name = strings.TrimPrefix(set.Name, "beir-")
	for _, qid := range order {
		text, ok := queries[qid]
		if !ok {
			return EvalSet{}, fmt.Errorf("qrels/%s.tsv: query %q is not in queries.jsonl", split, qid)
		}
		set.Questions = append(set.Questions, EvalQuestion{Question: text, Articles: rel[qid]})
	}
	return set, nil
}

// squadFile is the part of the SQuAD v1.1 format eval reads.
type squadFile struct {
	Data []struct {
		Title      string `json:"title"`
		Paragraphs []struct {
			Context string `json:"context"`
			QAs     []struct {
				Question string `json:"question"`
				Answers  []struct {
					Text string `json:"text"`
				} `json:"answers"`
			} `json:"qas"`
		} `json:"paragraphs"`
	} `json:"data"`
}

func readSQuAD(path string) (EvalSet, error) {
	var r io.ReadCloser
	if strings.HasSuffix(strings.ToLower(path), ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return EvalSet{}, fmt.Errorf("read SQuAD zip: %w", err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			if strings.HasSuffix(strings.ToLower(f.Name), ".json") {
				if r, err = f.Open(); err != nil {
					return EvalSet{}, fmt.Errorf("read SQuAD zip %s: %w", f.Name, err)
				}
				break
			}
		}
		if r == nil {
			return EvalSet{}, fmt.Errorf("read SQuAD zip %s: no .json file inside", path)
		}
	} else {
		f, err := os.Open(path)
		if err != nil {
			return EvalSet{}, fmt.Errorf("read SQuAD: %w", err)
		}
		r = f
	}
	defer r.Close()
	var sf squadFile
	if err := json.NewDecoder(r).Decode(&sf); err != nil {
		return EvalSet{}, fmt.Errorf("read SQuAD %s: %w", path, err)
	}
	set := EvalSet{Name: "squad", Kind: "squad"}
	for _, d := range sf.Data {
		title := strings.ReplaceAll(d.Title, "_", " ")
		for i, p := range d.Paragraphs {
			// A .txt article: the title line, a blank line, the paragraph.
			a, err := corpus.Parse(fmt.Sprintf("%s/%d.txt", d.Title, i+1), []byte(title+"\n\n"+p.Context))
			if err != nil {
				continue // an empty paragraph; its questions cannot be answered
			}
			set.Articles = append(set.Articles, a)
			for _, qa := range p.QAs {
				q := EvalQuestion{Question: qa.Question, Articles: []string{a.ID}}
				for _, ans := range qa.Answers {
					if !slices.Contains(q.Answers, ans.Text) {
						q.Answers = append(q.Answers, ans.Text)
					}
				}
				set.Questions = append(set.Questions, q)
			}
		}
	}
	if len(set.Questions) == 0 {
		return EvalSet{}, fmt.Errorf("read SQuAD %s: no questions", path)
	}
	return set, nil
}

// EvalOptions tune Evaluate.
type EvalOptions struct {
	K int // articles ranked for recall@k and MRR; default 10
	// LLM answers through the Answerer's summarizer, as Ask does when a
	// model is configured: the passage judged is then the one the summary's
	// first marker names, and the answer is the summary. Without it, and
	// for a summary that fails its checks, answers are extractive.
	LLM bool
}

// EvalReport is what Evaluate measured. The rates are fractions 0–1 over
// the questions that can be judged for them: passage rates over questions
// with expected answers or articles, article rates over questions with
// expected articles, SentenceAccuracy over questions with expected answers.
type EvalReport struct {
	Questions        int        `json:"questions"`
	K                int        `json:"k"`
	Hit1             float64    `json:"hit@1"`
	Hit5             float64    `json:"hit@5"`
	SentenceAccuracy float64    `json:"sentence_accuracy"`
	WithAnswers      int        `json:"questions_with_answers"`  // questions that give answer texts (sentence accuracy is over these)
	WithArticles     int        `json:"questions_with_articles"` // questions that name their articles (the article rates are over these)
	Recall1          float64    `json:"recall@1"`
	Recall5          float64    `json:"recall@5"`
	RecallK          float64    `json:"recall@k"`
	MRR              float64    `json:"mrr"`
	NDCG10           float64    `json:"ndcg@10"`
	Answered         float64    `json:"answered"` // share of questions given an answer, not "none"
	LatencyMean      float64    `json:"latency_ms_mean"`
	LatencyP95       float64    `json:"latency_ms_p95"`
	LLM              bool       `json:"llm"`        // answered through the model (EvalOptions.LLM)
	Summarized       int        `json:"summarized"` // answers the model wrote
	FellBack         int        `json:"fell_back"`  // answers whose summary was dropped for the extractive one
	Misses           []EvalMiss `json:"misses"`
}

// EvalMiss is a question whose first cited passage was not right.
type EvalMiss struct {
	Question string   `json:"question"`
	Expected []string `json:"expected"`          // the answer texts, or else the article IDs
	Cited    string   `json:"cited"`             // passage ID cited first, "" when no answer was given
	Answer   string   `json:"answer,omitempty"`  // the quoted answer
	Article  string   `json:"article,omitempty"` // expected article IDs, when answers are given too
	Kind     string   `json:"kind"`              // MissNoAnswer, MissOtherArticle, MissOtherPassage or MissUnknown
	// RightRank is where the first right passage is in the ranking (1 is
	// first), 0 when it is not in the passages ranked for the article rates.
	RightRank int `json:"right_rank"`
}

// Kinds of miss, for EvalMiss.Kind: where to look to mend it.
const (
	MissNoAnswer     = "no-answer"     // nothing was found to answer from
	MissOtherArticle = "other-article" // the answer came from an article that does not answer
	MissOtherPassage = "other-passage" // it came from a right article, from a passage without the answer
	// MissUnknown: the set names no article and no right passage was
	// ranked, so which article would answer is not known.
	MissUnknown = "unknown"
)

// classifyMiss tells what kind of miss citing cited is for q, given the
// ranking. When q names no articles, the right ones are those of the right
// passages ranked.
func classifyMiss(q EvalQuestion, cited *Citation, ranked []Citation) (kind string, rightRank int) {
	articles := q.Articles
	for i, c := range ranked {
		if !q.right(c) {
			continue
		}
		if rightRank == 0 {
			rightRank = i + 1
		}
		if len(q.Articles) == 0 {
			articles = append(articles, c.ArticleID)
		}
	}
	switch {
	case cited == nil:
		return MissNoAnswer, rightRank
	case len(articles) == 0:
		return MissUnknown, rightRank
	case slices.Contains(articles, cited.ArticleID):
		return MissOtherPassage, rightRank
	default:
		return MissOtherArticle, rightRank
	}
}

// evalDepth is how many passages Evaluate ranks per question for the
// article-level metrics: enough to find k distinct articles.
const evalDepth = 100

// Evaluate asks every question of qs as the bot would (Ask: retrieve,
// choose, quote, verify; with opts.LLM, summarize), timing each, and
// measures the answers against what each question expects. The article
// ranking behind recall, MRR and nDCG is the same retrieval and ranking
// run deeper (evalDepth passages), articles ordered by their best passage.
// It returns an error when opts.LLM is set and a has no summarizer, the
// first index error, or ctx's error when ctx is done.
func (a *Answerer) Evaluate(ctx context.Context, qs []EvalQuestion, opts EvalOptions) (EvalReport, error) {
	k := opts.K
	if k <= 0 {
		k = 10
	}
	if opts.LLM && a.sum == nil {
		return EvalReport{}, errors.New("evaluate with a model: no model is configured")
	}
	var (
		m        evalSums
		lat      = make([]float64, 0, len(qs))
		misses   = []EvalMiss{}
		answered int
		// answers the model wrote, and answers whose summary was dropped
		summarized, fellBack int
	)
	for _, q := range qs {
		if err := ctx.Err(); err != nil {
			return EvalReport{}, err
		}
		start := time.Now()
		ans, err := a.Ask(ctx, q.Question, AskOptions{K: k, NoLLM: !opts.LLM})
		lat = append(lat, float64(time.Since(start).Microseconds())/1000)
		if errors.Is(err, ErrEmptyQuestion) || errors.Is(err, ErrQuestionTooLong) {
			err = nil
		}
		if err != nil {
			return EvalReport{}, fmt.Errorf("ask %q: %w", q.Question, err)
		}
		if ans.Mode != NoAnswer {
			answered++
		}
		switch {
		case ans.Mode == LLM:
			summarized++
		case ans.Fallback != "":
			fellBack++
		}
		ranked, err := a.rankedPassages(ctx, q.Question, max(evalDepth, 5*k))
		if err != nil {
			return EvalReport{}, fmt.Errorf("rank %q: %w", q.Question, err)
		}
		cited := firstCited(ans)
		hit1 := m.add(q, cited, ans.Answer, ranked, k)
		if !hit1 && (len(q.Answers) > 0 || len(q.Articles) > 0) {
			miss := EvalMiss{Question: q.Question, Expected: q.Answers}
			if len(q.Answers) == 0 {
				miss.Expected = q.Articles
			} else {
				miss.Article = strings.Join(q.Articles, " | ")
			}
			if cited != nil {
				miss.Cited, miss.Answer = cited.PassageID, ans.Answer
			}
			miss.Kind, miss.RightRank = classifyMiss(q, cited, ranked)
			misses = append(misses, miss)
		}
	}
	r := m.report()
	r.K = k
	r.LLM, r.Summarized, r.FellBack = opts.LLM, summarized, fellBack
	r.Misses = misses
	if len(qs) > 0 {
		r.Answered = float64(answered) / float64(len(qs))
	}
	r.LatencyMean, r.LatencyP95 = meanP95(lat)
	return r, nil
}

// firstCited is the passage an answer cites first, nil for none: for a
// summary, the one its first marker names (its citations are listed in
// ranking order, not in the order the model used them); else the quoted
// passage.
func firstCited(ans Answer) *Citation {
	if ans.Mode == NoAnswer || len(ans.Citations) == 0 {
		return nil
	}
	if ans.Mode == LLM {
		if m := markerRE.FindStringSubmatch(ans.Answer); m != nil {
			if n, _ := strconv.Atoi(m[1]); n >= 1 && n <= len(ans.Citations) {
				return &ans.Citations[n-1]
			}
		}
	}
	return &ans.Citations[0]
}

// rankedPassages is the retrieval and ranking of Ask, n passages deep.
func (a *Answerer) rankedPassages(ctx context.Context, question string, n int) ([]Citation, error) {
	hits, qt, known, err := a.retrieve(ctx, strings.TrimSpace(question), n)
	if err != nil || !known {
		return nil, err
	}
	cands := rank(hits, qt, wantsLatest(question))
	out := make([]Citation, len(cands))
	for i, c := range cands {
		out[i] = cite(c.hit)
	}
	return out, nil
}

// evalSums accumulates the per-question scores behind an EvalReport.
type evalSums struct {
	questions             int
	passageN, hit1, hit5  float64
	answerN, sentence     float64
	articleN              float64
	r1, r5, rk, mrr, ndcg float64
}

// add scores one question: cited is the passage Ask cited first (nil when
// it gave no answer), answer the quoted text, ranked the passages best
// first. It reports whether the cited passage is right.
func (m *evalSums) add(q EvalQuestion, cited *Citation, answer string, ranked []Citation, k int) bool {
	m.questions++
	hit1 := false
	if len(q.Answers) > 0 || len(q.Articles) > 0 {
		m.passageN++
		hit1 = cited != nil && q.right(*cited)
		if hit1 {
			m.hit1++
		}
		for _, c := range ranked[:min(5, len(ranked))] {
			if q.right(c) {
				m.hit5++
				break
			}
		}
	}
	if len(q.Answers) > 0 {
		m.answerN++
		if cited != nil && containsAny(answer, q.Answers) {
			m.sentence++
		}
	}
	if len(q.Articles) > 0 {
		m.articleN++
		arts := articleOrder(ranked)
		m.r1 += recall(arts, q.Articles, 1)
		m.r5 += recall(arts, q.Articles, 5)
		m.rk += recall(arts, q.Articles, k)
		for i, id := range arts[:min(k, len(arts))] {
			if slices.Contains(q.Articles, id) {
				m.mrr += 1 / float64(i+1)
				break
			}
		}
		m.ndcg += ndcg(arts, q.Articles, 10)
	}
	return hit1
}

func (m *evalSums) report() EvalReport {
	div := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	return EvalReport{
		Questions: m.questions,
		Hit1:      div(m.hit1, m.passageN), Hit5: div(m.hit5, m.passageN),
		SentenceAccuracy: div(m.sentence, m.answerN),
		WithAnswers:      int(m.answerN),
		WithArticles:     int(m.articleN),
		Recall1:          div(m.r1, m.articleN), Recall5: div(m.r5, m.articleN), RecallK: div(m.rk, m.articleN),
		MRR: div(m.mrr, m.articleN), NDCG10: div(m.ndcg, m.articleN),
	}
}

// right reports whether passage c answers q: it holds an expected answer
// text and belongs to an expected article (an empty list asks nothing).
func (q EvalQuestion) right(c Citation) bool {
	if len(q.Articles) > 0 && !slices.Contains(q.Articles, c.ArticleID) {
		return false
	}
	return len(q.Answers) == 0 || containsAny(c.Text, q.Answers)
}

// containsAny reports whether text contains one of wants, ignoring case
// and runs of white space.
func containsAny(text string, wants []string) bool {
	t := fold(text)
	for _, w := range wants {
		if w = fold(w); w != "" && strings.Contains(t, w) {
			return true
		}
	}
	return false
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// articleOrder lists the articles of ranked passages, each at the rank of
// its best passage.
func articleOrder(ranked []Citation) []string {
	var out []string
	for _, c := range ranked {
		if !slices.Contains(out, c.ArticleID) {
			out = append(out, c.ArticleID)
		}
	}
	return out
}

// recall is the share of the relevant articles among the first n.
func recall(ranked, relevant []string, n int) float64 {
	found := 0
	for _, id := range ranked[:min(n, len(ranked))] {
		if slices.Contains(relevant, id) {
			found++
		}
	}
	return float64(found) / float64(len(relevant))
}

// ndcg is the normalized discounted cumulative gain at n with binary
// relevance, as BEIR (pytrec_eval) computes it.
func ndcg(ranked, relevant []string, n int) float64 {
	var dcg, ideal float64
	for i, id := range ranked[:min(n, len(ranked))] {
		if slices.Contains(relevant, id) {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	for i := range min(n, len(relevant)) {
		ideal += 1 / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

// meanP95 returns the mean and the 95th percentile (nearest rank) of xs.
func meanP95(xs []float64) (mean, p95 float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	var sum float64
	for _, x := range s {
		sum += x
	}
	rank := int(math.Ceil(0.95*float64(len(s)))) - 1
	return sum / float64(len(s)), s[max(rank, 0)]
}

// WriteEvalReport prints r for a person: the metrics, then up to maxMisses
// misses. It returns the first write error.
func WriteEvalReport(w io.Writer, r EvalReport, maxMisses int) error {
	pct := func(x float64) string { return fmt.Sprintf("%5.1f%%", 100*x) }
	b := &strings.Builder{}
	fmt.Fprintf(b, "questions        %d\n", r.Questions)
	if r.LLM {
		fmt.Fprintf(b, "model answers    %d written by the model, %d fell back to the quote (a failed check or no answer from the model), %d not asked (nothing found)\n",
			r.Summarized, r.FellBack, r.Questions-r.Summarized-r.FellBack)
		fmt.Fprintf(b, "passage hit@1    %s   (the passage the answer cites first holds an expected answer)\n", pct(r.Hit1))
	} else {
		fmt.Fprintf(b, "passage hit@1    %s   (the cited passage holds an expected answer)\n", pct(r.Hit1))
	}
	fmt.Fprintf(b, "passage hit@5    %s\n", pct(r.Hit5))
	if r.WithAnswers > 0 {
		held := "the quoted sentence(s) hold"
		if r.LLM {
			held = "the summary or quote holds"
		}
		fmt.Fprintf(b, "sentence acc.    %s   (%s an expected answer)\n", pct(r.SentenceAccuracy), held)
	} else {
		b.WriteString("sentence acc.      n/a   (the set gives no answer texts)\n")
	}
	fmt.Fprintf(b, "answered         %s   (not \"none\")\n", pct(r.Answered))
	if r.WithArticles > 0 {
		fmt.Fprintf(b, "article recall@1 %s\n", pct(r.Recall1))
		fmt.Fprintf(b, "article recall@5 %s\n", pct(r.Recall5))
		fmt.Fprintf(b, "%-17s%s\n", fmt.Sprintf("article recall@%d", r.K)+" ", pct(r.RecallK))
		fmt.Fprintf(b, "%-17s%.4f\n", fmt.Sprintf("MRR@%d", r.K), r.MRR)
		fmt.Fprintf(b, "nDCG@10          %.4f\n", r.NDCG10)
	} else {
		b.WriteString("article rates      n/a   (the set names no articles)\n")
	}
	fmt.Fprintf(b, "latency          mean %.2f ms, p95 %.2f ms (whole answer path)\n", r.LatencyMean, r.LatencyP95)
	if len(r.Misses) > 0 {
		kinds := map[string]int{}
		for _, m := range r.Misses {
			kinds[m.Kind]++
		}
		fmt.Fprintf(b, "\nmisses: %d (%d from another passage of a right article, %d from another article, %d not answered",
			len(r.Misses), kinds[MissOtherPassage], kinds[MissOtherArticle], kinds[MissNoAnswer])
		if n := kinds[MissUnknown]; n > 0 {
			fmt.Fprintf(b, ", %d from an article not known to be wrong", n)
		}
		b.WriteString(")")
		if len(r.Misses) > maxMisses {
			fmt.Fprintf(b, " (first %d listed; --json lists all)", maxMisses)
		}
		b.WriteString("\n")
		for _, m := range r.Misses[:min(maxMisses, len(r.Misses))] {
			fmt.Fprintf(b, "- %s\n  expected: %s\n", m.Question, strings.Join(m.Expected, " | "))
			if m.Cited == "" {
				b.WriteString("  cited:    (no answer)\n")
			} else {
				fmt.Fprintf(b, "  cited:    %s: %q\n", m.Cited, m.Answer)
			}
			if m.RightRank > 0 {
				fmt.Fprintf(b, "  right:    ranked %d\n", m.RightRank)
			} else {
				b.WriteString("  right:    not among the passages ranked\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
