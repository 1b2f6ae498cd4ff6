package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/index/embed"
)

// fakeServer is an /v1/embeddings endpoint whose replies the test writes:
// reply gets each request's decoded body and its number from 0.
type fakeServer struct {
	t     testing.TB
	mu    sync.Mutex
	reqs  []map[string]any
	hdrs  []http.Header
	reply func(n int, body map[string]any) (status int, header map[string]string, resp string)
}

func (f *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" {
		f.t.Errorf("request %s %s; want POST /v1/embeddings", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	var body map[string]any
	b, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(b, &body); err != nil {
		f.t.Errorf("request body %q: %v", b, err)
	}
	f.mu.Lock()
	n := len(f.reqs)
	f.reqs = append(f.reqs, body)
	f.hdrs = append(f.hdrs, r.Header.Clone())
	f.mu.Unlock()
	status, hdr, resp := f.reply(n, body)
	for k, v := range hdr {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, resp)
}

// vectors answers each input text with a vector of dims values made from
// the text's length, so tests can tell which text a vector belongs to.
func vectors(body map[string]any, dims int) string {
	var data []string
	for i, in := range body["input"].([]any) {
		v := make([]string, dims)
		for j := range v {
			v[j] = "0"
		}
		v[0] = fmt.Sprint(len(in.(string)))
		v[1] = "1"
		data = append(data, fmt.Sprintf(`{"object":"embedding","index":%d,"embedding":[%s]}`, i, strings.Join(v, ",")))
	}
	return `{"object":"list","model":"m","data":[` + strings.Join(data, ",") + `]}`
}

func serve(t *testing.T, reply func(n int, body map[string]any) (int, map[string]string, string)) (*fakeServer, string) {
	t.Helper()
	f := &fakeServer{t: t, reply: reply}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL + "/v1"
}

func ok(dims int) func(int, map[string]any) (int, map[string]string, string) {
	return func(_ int, body map[string]any) (int, map[string]string, string) {
		return 200, nil, vectors(body, dims)
	}
}

// open opens an Embedder on url whose waits are recorded, not slept.
func open(t *testing.T, cfg Config) (*Embedder, *[]time.Duration) {
	t.Helper()
	e, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	e.retry.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	return e, &waits
}

func TestEmbedRequest(t *testing.T) {
	f, url := serve(t, ok(4))
	e, _ := open(t, Config{BaseURL: url, Model: "e5-small", APIKey: "sk-test", Dims: 4,
		Prefixes: embed.Prefixes{Query: "query: ", Passage: "passage: "}})
	got, err := e.Embed(context.Background(), embed.Query, []string{"abc", "de"})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.reqs) != 1 {
		t.Fatalf("%d requests; want 1", len(f.reqs))
	}
	if got, want := f.hdrs[0].Get("Authorization"), "Bearer sk-test"; got != want {
		t.Errorf("Authorization = %q; want %q", got, want)
	}
	if got := f.hdrs[0].Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q; want application/json", got)
	}
	if got := f.reqs[0]["model"]; got != "e5-small" {
		t.Errorf("model = %v; want e5-small", got)
	}
	if got, want := fmt.Sprint(f.reqs[0]["input"]), "[query: abc query: de]"; got != want {
		t.Errorf("input = %s; want %s", got, want)
	}
	if _, sent := f.reqs[0]["input_type"]; sent {
		t.Errorf("input_type sent without Config.InputType")
	}
	// "query: abc" is 10 bytes: the vector (10, 1, 0, 0), normalized.
	n := float32(math.Sqrt(101))
	if want := []float32{10 / n, 1 / n, 0, 0}; !near(got[0], want) {
		t.Errorf("vector 0 = %v; want %v", got[0], want)
	}
	if m := e.Model(); m.Key() != "e5-small/4/endpoint:"+url {
		t.Errorf("Model().Key() = %q", m.Key())
	}
}

func TestInputType(t *testing.T) {
	f, url := serve(t, ok(4))
	e, _ := open(t, Config{BaseURL: url, Model: "m", Dims: 4, InputType: true})
	for _, kind := range []embed.Kind{embed.Query, embed.Passage} {
		if _, err := e.Embed(context.Background(), kind, []string{"x"}); err != nil {
			t.Fatal(err)
		}
	}
	if got := []any{f.reqs[0]["input_type"], f.reqs[1]["input_type"]}; !slices.Equal(got, []any{"query", "passage"}) {
		t.Errorf("input_type = %v; want [query passage]", got)
	}
	if h := f.hdrs[0].Get("Authorization"); h != "" && h != "Bearer" && h != "Bearer " {
		t.Errorf("Authorization = %q without a key", h)
	}
}

func near(a, b []float32) bool {
	return slices.EqualFunc(a, b, func(x, y float32) bool { return math.Abs(float64(x-y)) < 1e-6 })
}

func TestBatching(t *testing.T) {
	tests := []struct {
		n, maxBatch int
		want        []int // texts per request
	}{
		{10, 4, []int{4, 4, 2}},
		{8, 4, []int{4, 4}},
		{3, 64, []int{3}},
		{0, 4, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d by %d", tt.n, tt.maxBatch), func(t *testing.T) {
			f, url := serve(t, ok(3))
			e, _ := open(t, Config{BaseURL: url, Model: "m", Dims: 3, MaxBatch: tt.maxBatch})
			texts := make([]string, tt.n)
			for i := range texts {
				texts[i] = strings.Repeat("x", i+1)
			}
			vecs, err := e.Embed(context.Background(), embed.Passage, texts)
			if err != nil {
				t.Fatal(err)
			}
			var sizes []int
			for _, r := range f.reqs {
				sizes = append(sizes, len(r["input"].([]any)))
			}
			if !slices.Equal(sizes, tt.want) {
				t.Errorf("request sizes = %v; want %v", sizes, tt.want)
			}
			for i, v := range vecs {
				// Text i has i+1 bytes: its vector's ratio of value 0 to value 1.
				if got := math.Round(float64(v[0] / v[1])); got != float64(i+1) {
					t.Errorf("vector %d belongs to a text of %v bytes; want %d", i, got, i+1)
				}
			}
		})
	}
}

func TestRetry(t *testing.T) {
	date := time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		name      string
		fails     []int // statuses of the first replies, then 200
		header    map[string]string
		wantErr   bool
		wantReqs  int
		wantWaits []time.Duration
	}{
		{"429 with Retry-After seconds", []int{429}, map[string]string{"Retry-After": "3"}, false, 2, []time.Duration{3 * time.Second}},
		{"503 with Retry-After date", []int{503}, map[string]string{"Retry-After": date}, false, 2, nil},
		{"Retry-After capped", []int{429}, map[string]string{"Retry-After": "3600"}, false, 2, []time.Duration{30 * time.Second}},
		{"5xx backs off", []int{500, 502}, nil, false, 3, []time.Duration{500 * time.Millisecond, time.Second}},
		{"gives up after 3 retries", []int{500, 500, 500, 500}, nil, true, 4, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}},
		{"400 is not retried", []int{400}, nil, true, 1, nil},
		{"401 is not retried", []int{401}, nil, true, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, url := serve(t, func(n int, body map[string]any) (int, map[string]string, string) {
				if n < len(tt.fails) {
					return tt.fails[n], tt.header, `{"error":{"message":"busy","type":"server_error"}}`
				}
				return 200, nil, vectors(body, 2)
			})
			e, waits := open(t, Config{BaseURL: url, Model: "m", Dims: 2})
			_, err := e.Embed(context.Background(), embed.Passage, []string{"a"})
			if got := err != nil; got != tt.wantErr {
				t.Fatalf("Embed error = %v; want error %v", err, tt.wantErr)
			}
			if len(f.reqs) != tt.wantReqs {
				t.Errorf("%d requests; want %d", len(f.reqs), tt.wantReqs)
			}
			if tt.name == "503 with Retry-After date" {
				if len(*waits) != 1 || (*waits)[0] <= 0 || (*waits)[0] > 2*time.Second {
					t.Errorf("waits = %v; want one of at most 2s", *waits)
				}
				return
			}
			if !slices.Equal(*waits, tt.wantWaits) {
				t.Errorf("waits = %v; want %v", *waits, tt.wantWaits)
			}
		})
	}
}

func TestRetryStopsWithContext(t *testing.T) {
	_, url := serve(t, func(int, map[string]any) (int, map[string]string, string) {
		return 503, map[string]string{"Retry-After": "10"}, `{}`
	})
	e, err := Open(context.Background(), Config{BaseURL: url, Model: "m", Dims: 2})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = e.Embed(ctx, embed.Passage, []string{"a"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Embed error = %v; want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Embed took %v after its context ended", d)
	}
}

func TestTimeoutPerAttempt(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 1 {
			time.Sleep(300 * time.Millisecond) // longer than the timeout
		}
		var body map[string]any
		json.NewDecoder(r.Body).Decode(&body)
		io.WriteString(w, vectors(body, 2))
	}))
	defer srv.Close()
	e, _ := open(t, Config{BaseURL: srv.URL + "/v1", Model: "m", Dims: 2, Timeout: 100 * time.Millisecond})
	if _, err := e.Embed(context.Background(), embed.Passage, []string{"a"}); err != nil {
		t.Fatalf("Embed after one slow attempt: %v", err)
	}
	if calls != 2 {
		t.Errorf("%d attempts; want 2", calls)
	}
}

func TestMalformedResponses(t *testing.T) {
	tests := []struct {
		name string
		resp string
	}{
		{"too few vectors", `{"data":[{"index":0,"embedding":[1,0]}]}`},
		{"too many vectors", `{"data":[{"index":0,"embedding":[1,0]},{"index":1,"embedding":[1,0]},{"index":2,"embedding":[1,0]}]}`},
		{"no data", `{"data":[]}`},
		{"wrong dims", `{"data":[{"index":0,"embedding":[1,0]},{"index":1,"embedding":[1,0,0]}]}`},
		{"repeated index", `{"data":[{"index":0,"embedding":[1,0]},{"index":0,"embedding":[1,0]}]}`},
		{"index out of range", `{"data":[{"index":0,"embedding":[1,0]},{"index":5,"embedding":[1,0]}]}`},
		{"all zero", `{"data":[{"index":0,"embedding":[1,0]},{"index":1,"embedding":[0,0]}]}`},
		{"huge value", `{"data":[{"index":0,"embedding":[1,0]},{"index":1,"embedding":[1e39,0]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, url := serve(t, func(int, map[string]any) (int, map[string]string, string) { return 200, nil, tt.resp })
			e, _ := open(t, Config{BaseURL: url, Model: "m", Dims: 2})
			_, err := e.Embed(context.Background(), embed.Passage, []string{"a", "b"})
			if tt.name == "huge value" && err != nil && !errors.Is(err, ErrBadResponse) {
				return // a float32 overflow may fail in JSON decoding instead
			}
			if !errors.Is(err, ErrBadResponse) {
				t.Errorf("Embed error = %v; want ErrBadResponse", err)
			}
		})
	}
	t.Run("not JSON", func(t *testing.T) {
		_, url := serve(t, func(int, map[string]any) (int, map[string]string, string) {
			return 200, nil, `{"data":[{"index":0,"embedding":[NaN,1]}]}`
		})
		e, _ := open(t, Config{BaseURL: url, Model: "m", Dims: 2})
		if _, err := e.Embed(context.Background(), embed.Passage, []string{"a"}); err == nil {
			t.Error("Embed of a NaN reply succeeded; want an error")
		}
	})
}

func TestOpen(t *testing.T) {
	_, url := serve(t, ok(5))
	e, err := Open(context.Background(), Config{BaseURL: url, Model: "org/model"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := e.Model(), (embed.Model{Name: "org_model", Dims: 5, Digest: "endpoint:" + url}); got != want {
		t.Errorf("Model = %+v; want %+v (dims learned from a probe)", got, want)
	}
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no base URL", Config{Model: "m"}},
		{"no model", Config{BaseURL: url}},
		{"not a URL", Config{BaseURL: "localhost", Model: "m"}},
		{"nothing listening", Config{BaseURL: down.URL + "/v1", Model: "m", Retries: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Open(context.Background(), tt.cfg); !errors.Is(err, embed.ErrNoModel) {
				t.Errorf("Open error = %v; want ErrNoModel", err)
			}
		})
	}
}

func TestSecretRedacted(t *testing.T) {
	key := Secret("sk-very-secret")
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("config", "key", key)
	for _, s := range []string{fmt.Sprint(key), fmt.Sprintf("%v %s", key, key), b.String()} {
		if strings.Contains(s, "very-secret") {
			t.Errorf("key leaked: %q", s)
		}
	}
	_, url := serve(t, func(int, map[string]any) (int, map[string]string, string) {
		return 401, nil, `{"error":{"message":"bad key","type":"invalid_request_error"}}`
	})
	_, err := Open(context.Background(), Config{BaseURL: url, Model: "m", APIKey: key})
	if err == nil || strings.Contains(err.Error(), "very-secret") {
		t.Errorf("Open error = %v; want an error without the key", err)
	}
}
