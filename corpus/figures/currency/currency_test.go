package currency

import "testing"

func TestCode(t *testing.T) {
	tests := []struct {
		raw  string
		code string
		exp  int
	}{
		{"USD", "USD", 0},
		{"usd", "USD", 0},
		{"RMB", "CNY", 0},
		{"MUSD", "USD", 6},
		{"musd", "", 0}, // "M" for millions only in capitals
		{"SEK", "SEK", 0},
		{"sek", "", 0}, // codes also read as words only in capitals
		{"try", "", 0},
		{"TRY", "TRY", 0},
		{"the", "", 0},
		{"€", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			code, exp := Code(tt.raw)
			if code != tt.code || exp != tt.exp {
				t.Errorf("Code(%q) = %q, %d; want %q, %d", tt.raw, code, exp, tt.code, tt.exp)
			}
		})
	}
}

func TestName(t *testing.T) {
	tests := []struct {
		word      string
		unit      string
		needsHint bool
		ok        bool
	}{
		{"euros", "EUR", false, true},
		{"pounds", "GBP", true, true},
		{"francs", "franc", false, true},
		{"cents", Cent, false, true},
		{"p", Pence, false, true},
		{"widgets", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			unit, needsHint, ok := Name(tt.word)
			if unit != tt.unit || needsHint != tt.needsHint || ok != tt.ok {
				t.Errorf("Name(%q) = %q, %v, %v; want %q, %v, %v", tt.word, unit, needsHint, ok, tt.unit, tt.needsHint, tt.ok)
			}
		})
	}
}

func TestAdjectiveAndSigns(t *testing.T) {
	if code, ok := Adjective("australian", "USD"); code != "AUD" || !ok {
		t.Errorf(`Adjective("australian", "USD") = %q, %v; want "AUD", true`, code, ok)
	}
	if code, ok := Adjective("australian", "EUR"); code != "" || ok {
		t.Errorf(`Adjective("australian", "EUR") = %q, %v; want "", false`, code, ok)
	}
	if got := Symbol('€'); got != "EUR" {
		t.Errorf("Symbol('€') = %q; want EUR", got)
	}
	if got := Symbol('a'); got != "" {
		t.Errorf("Symbol('a') = %q; want none", got)
	}
	if code, spaced, ok := DollarPrefix("c"); code != "CAD" || !spaced || !ok {
		t.Errorf(`DollarPrefix("c") = %q, %v, %v; want "CAD", true, true`, code, spaced, ok)
	}
	if _, _, ok := DollarPrefix("bonus"); ok {
		t.Errorf(`DollarPrefix("bonus") is a dollar; want none`)
	}
	if !DollarFamily("HKD") || DollarFamily("EUR") {
		t.Errorf("DollarFamily: HKD %v, EUR %v; want true, false", DollarFamily("HKD"), DollarFamily("EUR"))
	}
}
