package projects

import (
	"strconv"
	"strings"
)

// Money and shares are integers all the way: fen (分) for amounts, basis
// points for shares. These read and write the decimal forms people type.

// MaxBudgetFen bounds a budget at 10 billion yuan, far beyond any
// neighborhood project and far from overflow in share arithmetic.
const MaxBudgetFen = 1_000_000_000_000

// ParseYuan reads an amount in yuan ("12000", "12,000.5", "¥800.05") as fen.
// ok is false for anything else, negative amounts and more than two decimals.
func ParseYuan(s string) (int64, bool) {
	s = strings.TrimSpace(strings.NewReplacer(",", "", "，", "", "¥", "", "￥", "", "元", "", " ", "").Replace(s))
	if s == "" {
		return 0, true
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || !digits(whole) || !digits(frac) || len(whole) > 11 {
		return 0, false
	}
	y, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	frac = (frac + "00")[:2]
	f, _ := strconv.ParseInt(frac, 10, 64)
	fen := y*100 + f
	return fen, fen <= MaxBudgetFen
}

// ParsePercent reads a share in percent ("90", "12.5", "33.33%") as basis
// points; ok is false for anything else or more than two decimals.
func ParsePercent(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "%"), "％")
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if whole == "" || len(frac) > 2 || !digits(whole) || !digits(frac) || len(whole) > 3 {
		return 0, false
	}
	w, _ := strconv.Atoi(whole)
	frac = (frac + "00")[:2]
	f, _ := strconv.Atoi(frac)
	return w*100 + f, true
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// FormatYuan writes fen as yuan with thousands separators: 1234567 → "12,345.67".
func FormatYuan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	y := strconv.FormatInt(fen/100, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range y {
		if i > 0 && (len(y)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	b.WriteByte('.')
	c := fen % 100
	b.WriteByte(byte('0' + c/10))
	b.WriteByte(byte('0' + c%10))
	return b.String()
}

// FormatBP writes basis points as a percent without trailing zeros: 9000 → "90", 1250 → "12.5".
func FormatBP(bp int) string {
	s := strconv.Itoa(bp / 100)
	if r := bp % 100; r != 0 {
		frac := strings.TrimRight(strconv.Itoa(100 + r)[1:], "0")
		s += "." + frac
	}
	return s
}
