package figures

import "strings"

// Units of percentages: "%" for a share, "pp" for percentage points. A
// percentage's Value is the number as written: 60 for "60 percent".
const (
	unitPercent = "%"
	unitPoints  = "pp"
)

// percentAfter reads a percent sign or word at token k: "%", " percent",
// "per cent", "percentage points", "pct".
func (x *extraction) percentAfter(k int) (unit string, end int, ok bool) {
	toks := x.toks
	if k >= len(toks) || toks[k].nl {
		return "", k, false
	}
	t := &toks[k]
	if t.raw == "%" {
		return unitPercent, k + 1, true
	}
	if t.kind != 'w' {
		return "", k, false
	}
	next := ""
	if k+1 < len(toks) && toks[k+1].kind == 'w' {
		next = toks[k+1].low
	}
	switch t.low {
	case "percent", "percents", "pct", "percentage", "percentages":
		if next == "point" || next == "points" {
			return unitPoints, k + 2, true
		}
		return unitPercent, k + 1, true
	case "per":
		if next == "cent" {
			return unitPercent, k + 2, true
		}
	}
	return "", k, false
}

// percentOf reads the inverted form of the specs, "percent of 10",
// "per cent of twenty-two", when no number stands before the percent word
// and the number ends the clause.
func (x *extraction) percentOf(i int) (int, bool) {
	toks := x.toks
	nl := toks[i].nl
	toks[i].nl = false // percentAfter refuses a line break before the word
	unit, k, ok := x.percentAfter(i)
	toks[i].nl = nl
	if !ok || unit != unitPercent || k >= len(toks) || toks[k].low != "of" {
		return i, false
	}
	if i > 0 && !toks[i].nl {
		if _, ok := parseNum(toks, i-1); ok || toks[i-1].kind == 'n' {
			return i, false
		}
	}
	n, ok := parseNum(toks, k+1)
	if !ok || n.year() {
		return i, false
	}
	if n.j < len(toks) && !toks[n.j].nl && (toks[n.j].kind == 'w' || toks[n.j].kind == 'n') {
		return i, false
	}
	x.add(Figure{Kind: Percent, Value: n.value(), Unit: unitPercent}, i, n.j)
	return n.j, true
}

// quantityUnits maps a unit as written (lower case) to the unit Figure
// reports. Units marked attached are read only when glued to the number
// ("44.93s", "30C", "5t"), since alone they are ordinary letters.
var quantityUnits = map[string]string{
	"second": "second", "seconds": "second", "sec": "second", "secs": "second",
	"minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
	"hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour",
	"day": "day", "days": "day", "week": "week", "weeks": "week",
	"month": "month", "months": "month", "year": "year", "years": "year", "yr": "year", "yrs": "year",
	"decade": "decade", "decades": "decade", "century": "century", "centuries": "century",
	"km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
	"metre": "m", "metres": "m", "meter": "m", "meters": "m",
	"cm": "cm", "centimetres": "cm", "centimeters": "cm", "mm": "mm", "millimetres": "mm", "millimeters": "mm",
	"mile": "mile", "miles": "mile", "foot": "foot", "feet": "foot", "ft": "foot",
	"inch": "inch", "inches": "inch", "yard": "yard", "yards": "yard",
	"kg": "kg", "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg",
	"gram": "g", "grams": "g", "mg": "mg", "milligrams": "mg",
	"tonne": "tonne", "tonnes": "tonne", "ton": "tonne", "tons": "tonne",
	"lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb", "ounce": "oz", "ounces": "oz", "oz": "oz",
	"litre": "litre", "litres": "litre", "liter": "litre", "liters": "litre", "ml": "ml",
	"gallon": "gallon", "gallons": "gallon", "barrel": "barrel", "barrels": "barrel", "bbl": "barrel",
	"bpd":     "barrel/day",
	"hectare": "hectare", "hectares": "hectare", "ha": "hectare", "acre": "acre", "acres": "acre",
	"mph": "mph", "kph": "km/h", "knot": "knot", "knots": "knot",
	"degree": "degree", "degrees": "degree",
	"gw": "GW", "mw": "MW", "kw": "kW", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh",
	"gigawatt": "GW", "gigawatts": "GW", "megawatt": "MW", "megawatts": "MW", "kilowatt": "kW", "kilowatts": "kW",
	"gb": "GB", "tb": "TB", "mb": "MB", "mbps": "Mbps", "gbps": "Gbps",
	"point": "point", "points": "point", "bps": "bp", "bp": "bp",
}

var attachedUnits = map[string]string{
	"s": "second", "h": "hour", "m": "m", "g": "g", "t": "tonne", "l": "litre", "C": "°C", "F": "°F",
}

// quantityAfter reads a unit at token k: "seconds", "5km", "10-year",
// "basis points", "°C", "km/h", "square kilometres".
func (x *extraction) quantityAfter(k int) (unit string, end int, ok bool) {
	toks := x.toks
	if k >= len(toks) || toks[k].nl {
		return "", k, false
	}
	t := toks[k]
	word := func(k int) string {
		if k < len(toks) && toks[k].kind == 'w' {
			return toks[k].low
		}
		return ""
	}
	if t.raw == "-" && !t.gap && k+1 < len(toks) && !toks[k+1].gap && toks[k+1].kind == 'w' {
		if u, ok := quantityUnits[word(k+1)]; ok && u != "point" {
			return u, k + 2, true
		}
		return "", k, false
	}
	if t.raw == "°" {
		switch {
		case k+1 < len(toks) && toks[k+1].raw == "C":
			return "°C", k + 2, true
		case k+1 < len(toks) && toks[k+1].raw == "F":
			return "°F", k + 2, true
		}
		return "degree", k + 1, true
	}
	if t.kind != 'w' {
		return "", k, false
	}
	if !t.gap {
		if u, ok := attachedUnits[t.raw]; ok {
			return u, k + 1, true
		}
		if t.low == "km" && k+2 < len(toks) && toks[k+1].raw == "/" && word(k+2) == "h" {
			return "km/h", k + 3, true
		}
	}
	switch t.low {
	case "square", "sq":
		if u, ok := quantityUnits[word(k+1)]; ok && (u == "km" || u == "m" || u == "mile" || u == "foot") {
			return "sq " + u, k + 2, true
		}
		return "", k, false
	case "basis":
		if w := word(k + 1); w == "point" || w == "points" {
			return "bp", k + 2, true
		}
		return "", k, false
	case "km":
		if k+2 < len(toks) && toks[k+1].raw == "/" && word(k+2) == "h" {
			return "km/h", k + 3, true
		}
	case "degrees", "degree":
		switch word(k + 1) {
		case "celsius", "centigrade":
			return "°C", k + 2, true
		case "fahrenheit":
			return "°F", k + 2, true
		}
	case "barrels":
		if word(k+1) == "per" && word(k+2) == "day" || word(k+1) == "a" && word(k+2) == "day" {
			return "barrel/day", k + 3, true
		}
	}
	if u, ok := quantityUnits[t.low]; ok {
		// "MW", "GB" and friends are written in capitals; "mb" is a word in no text
		if strings.ToUpper(u) == u && t.raw != t.low && t.raw != strings.ToUpper(t.raw) && len(u) <= 4 {
			return "", k, false
		}
		return u, k + 1, true
	}
	return "", k, false
}
