package pii

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestParseMasterKey(t *testing.T) {
	// 0xfb and 0xff make '+' and '/' in standard base64, '-' and '_' in URL base64.
	want := bytes.Repeat([]byte{0xfb, 0xff, 0x00, 0x07}, 8)
	good := map[string]string{
		"standard base64":          base64.StdEncoding.EncodeToString(want),
		"unpadded standard base64": base64.RawStdEncoding.EncodeToString(want),
		"URL base64":               base64.URLEncoding.EncodeToString(want),
		"unpadded URL base64":      base64.RawURLEncoding.EncodeToString(want),
		"hex":                      hex.EncodeToString(want),
		"upper-case hex":           strings.ToUpper(hex.EncodeToString(want)),
		"with a newline":           base64.StdEncoding.EncodeToString(want) + "\n",
	}
	for name, s := range good {
		if got, err := ParseMasterKey(s); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: ParseMasterKey(%q) = %x, %v; want %x", name, s, got, err, want)
		}
	}
	bad := map[string]string{
		"empty":           "",
		"a password":      "correct horse battery staple",
		"16 bytes":        base64.StdEncoding.EncodeToString(want[:16]),
		"33 bytes":        base64.StdEncoding.EncodeToString(append(bytes.Clone(want), 1)),
		"63 hex":          hex.EncodeToString(want)[:63],
		"64 non-hex":      strings.Repeat("zz", 32),
		"space inside":    "+/8AB/v/AAf7/wAH+/8AB/v/ AAf7/wAH+/8AB/v/AAc=",
		"mixed alphabets": "-/8AB_v/AAf7/wAH+/8AB/v/AAf7/wAH+/8AB/v/AAc=",
	}
	for name, s := range bad {
		got, err := ParseMasterKey(s)
		if err == nil {
			t.Errorf("%s: ParseMasterKey(%q) = %x, want an error", name, s, got)
			continue
		}
		if s != "" && strings.Contains(err.Error(), strings.TrimSpace(s)) {
			t.Errorf("%s: error %q echoes the key", name, err)
		}
	}
}

func TestKeyFileCreatedThenReused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	first, created, err := LoadOrCreateKeyFile(path)
	if err != nil || !created || len(first) != KeySize {
		t.Fatalf("first start: %d bytes, created=%v, %v; want 32, true, nil", len(first), created, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	text, _ := os.ReadFile(path)
	if got, err := ParseMasterKey(string(text)); err != nil || !bytes.Equal(got, first) || bytes.Count(text, []byte("\n")) != 1 {
		t.Errorf("file holds %q, want one base64 line of the returned key", text)
	}
	second, created, err := LoadOrCreateKeyFile(path)
	if err != nil || created || !bytes.Equal(first, second) {
		t.Errorf("second start: created=%v, same key=%v, %v; want false, true, nil", created, bytes.Equal(first, second), err)
	}
}

func TestKeyFileOthersCanReadIsRefused(t *testing.T) {
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o620} {
		path := filepath.Join(t.TempDir(), "master.key")
		if _, _, err := LoadOrCreateKeyFile(path); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		key, _, err := LoadOrCreateKeyFile(path)
		if err == nil || key != nil {
			t.Errorf("mode %04o: key file accepted", mode)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "chmod 600 "+path) {
			t.Errorf("mode %04o: error %q should name the file and the chmod", mode, msg)
		}
	}
}

func TestKeyFileGarbageIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	if err := os.WriteFile(path, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, created, err := LoadOrCreateKeyFile(path); err == nil || created || !strings.Contains(err.Error(), path) {
		t.Errorf("garbage key file: created=%v, %v; want an error naming %s", created, err, path)
	}
}

func TestKeyFileTwoStartersAgree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	const starters = 16
	keys := make([][]byte, starters)
	created := make([]bool, starters)
	errs := make([]error, starters)
	var wg sync.WaitGroup
	for i := range starters {
		wg.Go(func() { keys[i], created[i], errs[i] = LoadOrCreateKeyFile(path) })
	}
	wg.Wait()
	creators := 0
	for i := range starters {
		if errs[i] != nil {
			t.Fatalf("starter %d: %v", i, errs[i])
		}
		if !bytes.Equal(keys[i], keys[0]) {
			t.Errorf("starter %d got a different key", i)
		}
		if created[i] {
			creators++
		}
	}
	if creators != 1 {
		t.Errorf("%d starters created the key, want 1", creators)
	}
}
