package bot

import (
	"newsdesk/corpus"
)

// FigureAnswer is one key figure with the passage it came from.
type FigureAnswer struct {
	Text      string      `json:"text"`
	Kind      corpus.Kind `json:"kind"`
	Value     float64     `json:"value"`
	Unit      string      `json:"unit"`
	Qualifier string      `json:"qualifier"`
	Subject   string      `json:"subject"`
	Period    string      `json:"period"`
	Sentence  string      `json:"sentence"`
	Citation  Citation    `json:"citation"`
}

// FigureList is the reply to a figures lookup.
type FigureList struct {
	Topic   string         `json:"topic"`
	Figures []FigureAnswer `json:"figures"`
}
