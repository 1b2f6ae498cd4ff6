package figures

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"newsdesk/corpus/figures/currency"
	"newsdesk/internal/dataset"
)

// The Microsoft Recognizers-Text English specs (see the README in the data
// folder) give, for each input sentence, the currency amounts and
// percentages a recognizer should find. TestRecognizerSpecs measures
// Extract against them. The data is not part of the repository: the test
// skips unless NEWSDESK_DATA names the folder that holds
// recognizers-text-specs-en/.

// specRecord is one record of a *Model.json spec file.
type specRecord struct {
	Input        string
	NotSupported string
	Results      []struct {
		Text       string
		Resolution struct {
			Value       *string `json:"value"`
			Unit        string  `json:"unit"`
			ISOCurrency string  `json:"isoCurrency"`
		}
	}
}

// specUnits maps the spec's unit names to the units Extract reports. Units
// the spec gives without a code and that are not here are not compared.
var specUnits = map[string]string{
	"Dollar": "USD", "Pound": "GBP", "British pound": "GBP", "Euro": "EUR", "Cent": currency.Cent,
	"Pence": currency.Pence, "Penny": currency.Pence, "Franc": "franc", "Peseta": "ESP", "Finnish markka": "FIM",
	"Netherlands guilder": "NLG", "Rupee": "INR", "Bitcoin": "BTC", "Satoshi": "satoshi",
}

func loadSpecs(tb testing.TB, path string) []specRecord {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read specs: %v", err)
	}
	var recs []specRecord
	if err := json.Unmarshal(data, &recs); err != nil {
		tb.Fatalf("parse %s: %v", path, err)
	}
	return recs
}

// specValue returns the expected value of a result, or false when the spec
// gives none ("dollar" alone, "the % of increase").
func specValue(s *string) (float64, bool) {
	if s == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSuffix(*s, "%"), 64)
	return v, err == nil
}

func sameValue(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func TestRecognizerSpecs(t *testing.T) {
	dir := dataset.Path(t, "recognizers-text-specs-en")
	tests := []struct {
		file  string
		kind  Kind
		floor float64 // minimum recall; set just under what Extract achieves
	}{
		{"NumberWithUnit/English/CurrencyModel.json", Money, 0.98},
		{"Number/English/PercentModel.json", Percent, 0.99},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			recs := loadSpecs(t, filepath.Join(dir, tt.file))
			var want, found, got, correct int
			for _, r := range recs {
				var figs []Figure
				for _, f := range Extract(r.Input) {
					if f.Kind == tt.kind {
						figs = append(figs, f)
					}
				}
				got += len(figs)
				used := make([]bool, len(figs))
				for _, res := range r.Results {
					v, ok := specValue(res.Resolution.Value)
					if !ok {
						continue
					}
					want++
					unit := res.Resolution.ISOCurrency
					if unit == "" {
						unit = specUnits[res.Resolution.Unit]
					}
					match := -1
					for i, f := range figs {
						if !used[i] && sameValue(f.Value, v) && (tt.kind != Money || unit == "" || f.Unit == unit) {
							match = i
							break
						}
					}
					if match < 0 {
						t.Logf("missed %q (%v %s) in %q; got %v", res.Text, v, unit, r.Input, figs)
						continue
					}
					used[match] = true
					found++
				}
				for i, f := range figs {
					if used[i] {
						correct++
					} else {
						t.Logf("extra %q (%v %s) in %q", f.Text, f.Value, f.Unit, r.Input)
					}
				}
			}
			recall := float64(found) / float64(max(want, 1))
			precision := float64(correct) / float64(max(got, 1))
			t.Logf("%s: recall %d/%d = %.3f, precision %d/%d = %.3f", tt.file, found, want, recall, correct, got, precision)
			if recall < tt.floor {
				t.Errorf("recall = %.3f; want >= %.2f", recall, tt.floor)
			}
		})
	}
}
