package pii

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"
)

// ParseMasterKey reads a 32-byte master key written as base64 (standard or
// URL alphabet, padded or not) or as 64 hex characters. Errors never echo the
// input, which may be a real key with a typo.
func ParseMasterKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2*KeySize {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		if len(b) != KeySize {
			return nil, fmt.Errorf("pii: master key decodes to %d bytes, want %d", len(b), KeySize)
		}
		return b, nil
	}
	return nil, fmt.Errorf("pii: master key must be %d bytes as base64 or %d hex characters (make one with: head -c32 /dev/urandom | base64)", KeySize, 2*KeySize)
}

// LoadOrCreateKeyFile reads the master key at path (base64, one line). When
// there is none it writes a new random key there with mode 0600 and reports
// created, so the operator can be told to back it up: losing it loses every
// sealed value. A key file group or others can read is refused.
func LoadOrCreateKeyFile(path string) (key []byte, created bool, err error) {
	key, err = readKeyFile(path)
	if errors.Is(err, errEmptyKeyFile) {
		key, err = readNewKeyFile(path)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return key, false, err
	}
	key = make([]byte, KeySize)
	rand.Read(key)
	// O_EXCL: when two instances start at once, exactly one creates the key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		key, err = readNewKeyFile(path)
		return key, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("pii: create key file: %w", err)
	}
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // an empty key file would block the next start
		return nil, false, fmt.Errorf("pii: write key file %s: %w", path, err)
	}
	return key, true, nil
}

// errEmptyKeyFile marks a key file another starter has created but not yet
// written.
var errEmptyKeyFile = errors.New("pii: key file is empty")

// readNewKeyFile reads a key file another process just created, giving it a
// moment to finish writing.
func readNewKeyFile(path string) ([]byte, error) {
	for range 40 {
		key, err := readKeyFile(path)
		if !errors.Is(err, errEmptyKeyFile) {
			return key, err
		}
		time.Sleep(25 * time.Millisecond)
	}
	return nil, fmt.Errorf("pii: key file %s stays empty; remove it if no data was sealed with it", path)
}

// readKeyFile checks the mode of the open file, not of the path, so the file
// checked is the file read.
func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("pii: key file %s has mode %04o, open to group or others; run: chmod 600 %s", path, perm, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return nil, fmt.Errorf("pii: read key file %s: %w", path, err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, errEmptyKeyFile
	}
	key, err := ParseMasterKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return key, nil
}
