package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/linli-dev/linli/internal/errs"
)

// Password limits. Any Unicode is allowed; the byte cap keeps hashing cost
// bounded whatever a client sends.
const (
	MinPasswordRunes = 8
	MaxPasswordBytes = 256
)

// Params are argon2id's cost settings, written into every hash so they can be
// raised later without invalidating old hashes.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams follow OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane).
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// CheckPassword enforces the length rules. Errors: invalid.
func CheckPassword(pw string) error {
	if !utf8.ValidString(pw) {
		return errs.Field("password", "password.bad_encoding")
	}
	if len(pw) > MaxPasswordBytes {
		return errs.Field("password", "password.too_long", MaxPasswordBytes)
	}
	if utf8.RuneCountInString(pw) < MinPasswordRunes {
		return errs.Field("password", "password.too_short", MinPasswordRunes)
	}
	return nil
}

// HashPassword returns an encoded argon2id hash ($argon2id$v=19$m=..,t=..,p=..$salt$key).
func HashPassword(pw string, p Params) string {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key))
}

// VerifyPassword checks pw against an encoded hash in constant time.
func VerifyPassword(pw, encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || len(pw) > MaxPasswordBytes {
		return false
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when a phone number is unknown, so a login
// takes as long whether or not the account exists.
var dummyHash = HashPassword("linli-no-such-account", DefaultParams)
