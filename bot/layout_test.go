package bot

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The outside clients each have one adapter package; domain packages
// import none of them. Only non-test files count.
func TestLayoutOutsideClients(t *testing.T) {
	const (
		slackGo = "github.com/slack-go/slack"
		bleve   = "github.com/blevesearch/"
		notify  = "github.com/fsnotify/fsnotify"
		openAI  = "github.com/sashabaranov/go-openai"
		bbolt   = "go.etcd.io/bbolt"
	)
	rules := []struct {
		client  string
		allowed []string // packages that may import it; nil: none of the checked ones
		checked []string // packages the rule applies to; nil: every newsdesk package
	}{
		{client: slackGo, allowed: []string{"newsdesk/bot/slack", "newsdesk/internal/testkit"}},
		{client: notify, allowed: []string{"newsdesk/bot/rescan/fswatch"}},
		{client: bleve, allowed: []string{"newsdesk/index/bleve", "newsdesk/index/bleve/naive"}},
		{client: openAI, allowed: []string{"newsdesk/bot/llm", "newsdesk/index/embed/openai"}},
		{client: bbolt, allowed: []string{"newsdesk/index/bleve", "newsdesk/index/bolt", "newsdesk/bot/state/bolt", "newsdesk/internal/boltfile"}},
	}
	imports := goList(t)
	for _, r := range rules {
		for pkg, imps := range imports {
			if r.checked != nil && !contains(r.checked, pkg) || contains(r.allowed, pkg) {
				continue
			}
			for _, imp := range imps {
				if strings.HasPrefix(imp, r.client) {
					t.Errorf("%s imports %s; want it only in %v", pkg, imp, r.allowed)
				}
			}
		}
	}
}

// goList returns the non-test imports of every package of the module.
func goList(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "newsdesk/...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	imports := map[string][]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		imports[p.ImportPath] = p.Imports
	}
	return imports
}

// contains reports whether s is in list.
func contains(list []string, s string) bool { return slices.Contains(list, s) }

// Domain packages depend, even through other packages, on no adapter and no
// outside client: dependencies point from adapters to the domain.
func TestLayoutDomainDependsOnNoAdapter(t *testing.T) {
	adapters := []string{
		"newsdesk/bot/slack", "newsdesk/bot/llm", "newsdesk/bot/rescan/fswatch",
		"newsdesk/index/bleve", "newsdesk/index/bolt", "newsdesk/index/embed/onnx", "newsdesk/index/embed/openai",
		"newsdesk/bot/state/bolt", "newsdesk/internal/boltfile", "newsdesk/bot/control", "newsdesk/internal/endpoint",
		"github.com/slack-go/", "github.com/sashabaranov/go-openai", "github.com/blevesearch/",
		"github.com/fsnotify/", "go.etcd.io/bbolt", "github.com/yalue/onnxruntime_go",
	}
	domain := []string{
		"newsdesk/bot", "newsdesk/bot/answer", "newsdesk/bot/rank", "newsdesk/bot/grounding", "newsdesk/bot/eval",
		"newsdesk/bot/digest", "newsdesk/bot/state", "newsdesk/bot/rescan", "newsdesk/corpus/...",
		"newsdesk/index", "newsdesk/index/semantic", "newsdesk/index/embed", "newsdesk/index/embed/wordpiece", "newsdesk/config",
	}
	args := append([]string{"list", "-deps", "-f", "{{.ImportPath}}"}, "")
	for _, pkg := range domain {
		args[len(args)-1] = pkg
		out, err := exec.Command("go", args...).Output()
		if err != nil {
			t.Skipf("go list: %v", err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, a := range adapters {
				if dep == a || strings.HasPrefix(dep, a) && strings.HasSuffix(a, "/") {
					t.Errorf("%s depends on %s; domain packages must not depend on an adapter or outside client", pkg, dep)
				}
			}
		}
	}
}
