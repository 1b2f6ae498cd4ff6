package eval

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"newsdesk/corpus"
	"os"
	"slices"
	"strings"
)

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

func readSQuAD(path string) (Set, error) {
	var r io.ReadCloser
	if strings.HasSuffix(strings.ToLower(path), ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return Set{}, fmt.Errorf("read SQuAD zip: %w", err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			if strings.HasSuffix(strings.ToLower(f.Name), ".json") {
				if r, err = f.Open(); err != nil {
					return Set{}, fmt.Errorf("read SQuAD zip %s: %w", f.Name, err)
				}
				break
			}
		}
		if r == nil {
			return Set{}, fmt.Errorf("read SQuAD zip %s: no .json file inside", path)
		}
	} else {
		f, err := os.Open(path)
		if err != nil {
			return Set{}, fmt.Errorf("read SQuAD: %w", err)
		}
		r = f
	}
	defer r.Close()
	var sf squadFile
	if err := json.NewDecoder(r).Decode(&sf); err != nil {
		return Set{}, fmt.Errorf("read SQuAD %s: %w", path, err)
	}
	set := Set{Name: "squad", Kind: "squad"}
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
				q := Question{Question: qa.Question, Articles: []string{a.ID}}
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
		return Set{}, fmt.Errorf("read SQuAD %s: no questions", path)
	}
	return set, nil
}
