package figures

// Weight ranks kinds of figure by how much a reader wants them when several
// are on offer: amounts and shares are what people ask for, then counts and
// quantities; a date, and even more a bare year, is rarely the answer. It
// is in (0, 1] for the kinds Extract reports and 0 for any other. The
// figure lookup scales relevance by it; the digest keeps the figures of
// highest weight.
func (k Kind) Weight() float64 {
	switch k {
	case Money, Percent:
		return 1
	case Count:
		return 0.9
	case Quantity:
		return 0.8
	case Score:
		return 0.7
	case Date:
		return 0.5
	case Year:
		return 0.4
	}
	return 0
}
