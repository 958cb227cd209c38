// Package idcard reads Chinese resident ID numbers (身份证号, GB 11643-1999).
// Residents type them on phones with full-width keyboards and stray spaces, so
// input is normalized before it is checked; a number that passes Parse is
// canonical and safe to compare byte for byte (and to blind-index).
package idcard

import (
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The reasons Parse rejects a number. They are sentinels so handlers can map
// each one to its own message for the resident.
var (
	ErrLength     = errors.New("idcard: must be 18 characters")
	ErrCharacters = errors.New("idcard: must be 17 digits (the first not 0) then a digit or X")
	ErrBirthDate  = errors.New("idcard: birth date is not a real date between 1900-01-01 and today")
	ErrCheckDigit = errors.New("idcard: check digit does not match")
)

// length is the number of characters in a second-generation ID number.
const length = 18

// chinaTime decides what "today" is for birth dates: the date on the card is a
// Beijing date, and a fixed zone needs no tzdata on the server.
var chinaTime = time.FixedZone("CST", 8*60*60)

// earliestBirth is the oldest birth date accepted; anything earlier is a typo.
var earliestBirth = time.Date(1900, 1, 1, 0, 0, 0, 0, chinaTime)

// Number is a validated, canonical ID number: 18 ASCII characters, upper-case X.
type Number string

// String returns the full number; show it only to those allowed to see it and
// never log it (use Masked).
func (n Number) String() string { return string(n) }

// Masked keeps the first 4 (province and city) and last 4 characters so staff
// can tell people apart without seeing the birth date: 3101**********123X.
// Anything shorter than 8 bytes (say, an empty column) is masked entirely.
func (n Number) Masked() string {
	s := string(n)
	if len(s) < 8 {
		return strings.Repeat("*", utf8.RuneCountInString(s))
	}
	return s[:4] + strings.Repeat("*", len(s)-8) + s[len(s)-4:]
}

// Normalize trims spaces (including the ideographic space U+3000) and turns
// full-width digits and any x into their ASCII forms, with X upper-case. It
// does not validate; Parse does.
func Normalize(s string) string {
	s = strings.TrimFunc(s, unicode.IsSpace)
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == 'x', r == 'ｘ', r == 'Ｘ':
			return 'X'
		}
		return r
	}, s)
}

// Parse normalizes s and checks length, characters (including a region code
// that starts 1-9), birth date and check digit, in that order, returning the
// sentinel for the first check that fails.
func Parse(s string) (Number, error) {
	s = Normalize(s)
	if utf8.RuneCountInString(s) != length {
		return "", ErrLength
	}
	if !allDigits(s[:length-1]) || !isCheckChar(s[length-1]) || s[0] == '0' {
		return "", ErrCharacters
	}
	if !validBirth(s[6:14], time.Now()) {
		return "", ErrBirthDate
	}
	if CheckDigit(s[:length-1]) != s[length-1] {
		return "", ErrCheckDigit
	}
	return Number(s), nil
}

// weights are 2^(17-i) mod 11 for position i, per GB 11643.
var weights = [length - 1]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// checkChars maps the weighted sum mod 11 to the check character.
const checkChars = "10X98765432"

// CheckDigit computes the GB 11643 check character ('0'-'9' or 'X') for the
// first 17 digits. It returns 0 if first17 is not exactly 17 ASCII digits.
func CheckDigit(first17 string) byte {
	if len(first17) != length-1 || !allDigits(first17) {
		return 0
	}
	sum := 0
	for i := range len(first17) {
		sum += int(first17[i]-'0') * weights[i]
	}
	return checkChars[sum%11]
}

// validBirth reports whether yyyymmdd (8 ASCII digits) is a real calendar date
// from 1900-01-01 up to the day of now in China.
func validBirth(yyyymmdd string, now time.Time) bool {
	y, m, d := atoi(yyyymmdd[0:4]), atoi(yyyymmdd[4:6]), atoi(yyyymmdd[6:8])
	birth := time.Date(y, time.Month(m), d, 0, 0, 0, 0, chinaTime)
	// time.Date rolls 30 February into March; only a real date survives intact.
	if birth.Year() != y || int(birth.Month()) != m || birth.Day() != d {
		return false
	}
	return !birth.Before(earliestBirth) && !birth.After(today(now))
}

// today is midnight of now's date in China.
func today(now time.Time) time.Time {
	y, m, d := now.In(chinaTime).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, chinaTime)
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isCheckChar(c byte) bool { return c >= '0' && c <= '9' || c == 'X' }

// atoi converts a short run of ASCII digits the caller has already checked.
func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
