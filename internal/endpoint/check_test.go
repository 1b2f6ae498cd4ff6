package endpoint

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	const key = "sk-test-secret"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/v1/models" && r.Header.Get("Authorization") == "Bearer "+key:
			fmt.Fprint(w, `{"object":"list","data":[{"id":"gpt-4o-mini"},{"id":"text-embedding-3-small"}]}`)
		case r.URL.Path == "/v1/models":
			http.Error(w, `{"error":{"message":"Incorrect API key provided: sk-wrong"}}`, http.StatusUnauthorized)
		case r.URL.Path == "/plain/models":
			fmt.Fprint(w, "ok")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/v1"
	l.Close()

	cases := []struct {
		name        string
		base, key   string
		models      []string
		unreachable bool
		status      int
		text        string // in the error
	}{
		{"accepted", srv.URL + "/v1/", key, []string{"gpt-4o-mini", "text-embedding-3-small"}, false, 0, ""},
		{"not a model list", srv.URL + "/plain", "", nil, false, 0, ""},
		{"rejected", srv.URL + "/v1", "sk-wrong", nil, false, 401, srv.URL + "/v1 rejected the key (401)"},
		{"no key", srv.URL + "/v1", "", nil, false, 401, "rejected the key (401)"},
		{"wrong path", srv.URL + "/api", key, nil, false, 404, "usually ends in /v1"},
		{"closed port", closed, key, nil, true, 0, "cannot reach " + closed + ": "},
		{"credentials in the URL", strings.Replace(closed, "http://", "http://user:pw@", 1), key, nil, true, 0, "cannot reach " + closed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			models, err := Check(context.Background(), nil, c.base, c.key)
			if c.text == "" {
				if err != nil || !slices.Equal(models, c.models) {
					t.Errorf("Check = %q, %v; want %q", models, err, c.models)
				}
				return
			}
			var ee *Error
			if !errors.As(err, &ee) || ee.Unreachable() != c.unreachable || ee.Status != c.status || !strings.Contains(err.Error(), c.text) {
				t.Fatalf("Check error = %v; want an *Error (unreachable %v, status %d) saying %q", err, c.unreachable, c.status, c.text)
			}
			if ee.Rejected() != (c.status == 401) {
				t.Errorf("Rejected() = %v; want %v", ee.Rejected(), c.status == 401)
			}
			for _, secret := range []string{key, "sk-wrong", "pw"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q shows %q", err, secret)
				}
			}
		})
	}
}
