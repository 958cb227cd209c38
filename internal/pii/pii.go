// Package pii seals personal data (real names, ID numbers, phones) at rest, as
// China's PIPL asks: AES-256-GCM for the values, a keyed HMAC blind index for
// the few lookups that need equality, and masks for display. Operators manage
// one master key; the working keys are derived from it.
package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// ErrCorrupt means a sealed value did not authenticate: tampered, truncated,
// copied from another column, or sealed under another key.
var ErrCorrupt = errors.New("pii: sealed value is corrupt or belongs elsewhere")

// KeySize is the size of the master key and of each derived key.
const KeySize = 32

const (
	version    = 1  // first byte of every sealed value, so the format can change
	nonceSize  = 12 // the GCM standard nonce
	sealLabel  = "linli pii seal v1"
	indexLabel = "linli pii index v1"
)

// Keys seals values and computes blind indexes. The two keys are separate so
// that neither use can weaken the other. Safe for concurrent use.
type Keys struct {
	aead  cipher.AEAD
	index []byte
}

// NewKeys derives the sealing and index keys from a 32-byte master key with
// HKDF-SHA256, one label each.
func NewKeys(master []byte) (*Keys, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("pii: master key must be %d bytes, got %d", KeySize, len(master))
	}
	sealKey, err := hkdf.Key(sha256.New, master, nil, sealLabel, KeySize)
	if err != nil {
		return nil, err
	}
	indexKey, err := hkdf.Key(sha256.New, master, nil, indexLabel, KeySize)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(sealKey)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Keys{aead: aead, index: indexKey}, nil
}

// String keeps key material out of logs and panics.
func (k *Keys) String() string { return "pii.Keys(redacted)" }

// GoString keeps key material out of %#v.
func (k *Keys) GoString() string { return k.String() }

// Seal encrypts plaintext as version || nonce || ciphertext. The aad names
// where the value lives (e.g. "roster_people.id_number"), so a value copied
// into another column does not open there. Empty plaintext seals to nil so a
// NULL column stays NULL.
func (k *Keys) Seal(plaintext, aad string) []byte {
	if plaintext == "" {
		return nil
	}
	out := make([]byte, 1+nonceSize, 1+nonceSize+len(plaintext)+k.aead.Overhead())
	out[0] = version
	rand.Read(out[1:]) // never fails; crypto/rand crashes the program instead
	return k.aead.Seal(out, out[1:], []byte(plaintext), []byte(aad))
}

// Open reverses Seal given the same aad. nil or empty opens to "". Any failure
// is ErrCorrupt, so callers cannot tell the causes apart (nor can attackers).
func (k *Keys) Open(sealed []byte, aad string) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	if len(sealed) < 1+nonceSize+k.aead.Overhead() || sealed[0] != version {
		return "", ErrCorrupt
	}
	plain, err := k.aead.Open(nil, sealed[1:1+nonceSize], sealed[1+nonceSize:], []byte(aad))
	if err != nil {
		return "", ErrCorrupt
	}
	return string(plain), nil
}

// Index returns a 32-byte blind index (HMAC-SHA256 of kind, NUL, value) for
// equality lookups, such as finding the roster row for an ID number, without
// storing the plaintext. Callers must normalize the value first (idcard.Parse,
// trimmed names), or equal values typed differently will not match. kind keeps
// fields apart, so a phone never matches an ID number; it must not contain NUL.
func (k *Keys) Index(kind, normalized string) []byte {
	m := hmac.New(sha256.New, k.index)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(normalized))
	return m.Sum(nil)
}
