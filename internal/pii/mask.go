package pii

import "strings"

// MaskName keeps the first and last character of a name and hides the middle
// (张三 → 张*, 欧阳小明 → 欧**明): enough for a neighbor to recognise, not to
// identify. It counts runes, so Latin names work too (Alice → A***e).
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	switch len(r) {
	case 0:
		return ""
	case 1:
		return "*"
	case 2:
		return string(r[0]) + "*"
	}
	return string(r[0]) + strings.Repeat("*", len(r)-2) + string(r[len(r)-1])
}

// MaskPhone hides the middle of a phone number. A mobile number keeps its
// carrier prefix and last four digits (13812345678 → 138****5678); shorter
// numbers keep the first 3 and last 2, and fewer than 7 characters hide all.
func MaskPhone(phone string) string {
	r := []rune(strings.TrimSpace(phone))
	keepEnd := 4
	switch {
	case len(r) < 7:
		return strings.Repeat("*", len(r))
	case len(r) < 11:
		keepEnd = 2
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-3-keepEnd) + string(r[len(r)-keepEnd:])
}
