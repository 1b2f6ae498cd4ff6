package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// ReadQuestions reads the questions of a benchmark: one per line, or JSON
// Lines with a "question" field; blank lines are skipped. The error names
// the file and line that could not be read.
func ReadQuestions(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read questions: %w", err)
	}
	var qs []string
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "{") {
			var v struct{ Question string }
			if err := json.Unmarshal([]byte(line), &v); err != nil {
				return nil, fmt.Errorf("%s line %d: %w", path, i+1, err)
			}
			line = v.Question
		}
		if line != "" {
			qs = append(qs, line)
		}
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s holds no questions", path)
	}
	return qs, nil
}
