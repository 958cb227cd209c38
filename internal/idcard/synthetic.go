package idcard

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// SyntheticRegion starts every demo number. No real administrative division
// code begins with 99 (GB/T 2260 provinces run 11–82), so a synthetic number
// can never belong to a real person, and anyone reading the data can spot it.
const SyntheticRegion = "990113"

// Synthetic builds a number for demo and test data that Parse accepts: the
// SyntheticRegion, the birth date, a 3-digit sequence and the check digit.
// The sequence is seq mod 1000; its last digit is odd for men and even for
// women, as on real cards. A negative seq draws the sequence from r instead
// (r may be nil otherwise). A birth date outside what Parse accepts is clamped
// to 1900-01-01 or today, so demo generators cannot produce rejects.
func Synthetic(r *rand.Rand, birth time.Time, seq int) Number {
	if seq < 0 {
		seq = r.IntN(1000)
	}
	y, m, d := birth.Date()
	b := time.Date(y, m, d, 0, 0, 0, 0, chinaTime)
	switch t := today(time.Now()); {
	case b.Before(earliestBirth):
		b = earliestBirth
	case b.After(t):
		b = t
	}
	first17 := fmt.Sprintf("%s%s%03d", SyntheticRegion, b.Format("20060102"), seq%1000)
	return Number(first17 + string(CheckDigit(first17)))
}
