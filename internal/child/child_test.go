package child

import (
	"context"
	"os/exec"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	for _, c := range []struct {
		name    string
		script  string
		stdout  string
		wantErr string
	}{
		{"output and memory", "echo hello", "hello\n", ""},
		{"a failure says what the child wrote", "echo broken >&2; exit 3", "", "broken"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := Run(context.Background(), sh, "-c", c.script)
			if string(r.Stdout) != c.stdout {
				t.Errorf("stdout = %q; want %q", r.Stdout, c.stdout)
			}
			if c.wantErr == "" && (err != nil || r.PeakRSSMB <= 0) {
				t.Errorf("Run = peak %.1f MB, %v; want a peak and no error", r.PeakRSSMB, err)
			}
			if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Errorf("Run error = %v; want one containing %q", err, c.wantErr)
			}
		})
	}
}
