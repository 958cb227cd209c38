package account

import (
	"strings"

	"github.com/linli-dev/linli/internal/errs"
)

// NormalizePhone reduces a mainland mobile number to its 11 digits, accepting
// "+86", spaces, dashes and full-width digits as people type them. Errors: invalid.
func NormalizePhone(s string) (string, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case r == ' ' || r == '-' || r == '\u3000' || r == '+' || r == '(' || r == ')':
		default:
			return "", errs.Field("phone", "phone.invalid")
		}
	}
	d := b.String()
	if len(d) == 13 && strings.HasPrefix(d, "86") {
		d = d[2:]
	}
	if len(d) != 11 || d[0] != '1' || d[1] < '3' {
		return "", errs.Field("phone", "phone.invalid")
	}
	return d, nil
}
