package figures

import "testing"

func TestKindWeight(t *testing.T) {
	// Best first; Money and Percent tie.
	order := []Kind{Money, Percent, Count, Quantity, Date, Year, Kind("other")}
	for i := 1; i < len(order); i++ {
		a, b := order[i-1], order[i]
		if a.Weight() < b.Weight() || a.Weight() == b.Weight() && a != Money {
			t.Errorf("%s.Weight() = %v, %s.Weight() = %v; want %s ranked above %s", a, a.Weight(), b, b.Weight(), a, b)
		}
	}
	if w := Kind("other").Weight(); w != 0 {
		t.Errorf("Kind(other).Weight() = %v; want 0", w)
	}
}
