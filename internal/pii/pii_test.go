package pii

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

const idColumn = "roster_people.id_number"

func testKeys(t testing.TB, fill byte) *Keys {
	t.Helper()
	k, err := NewKeys(bytes.Repeat([]byte{fill}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestNewKeysWantsThirtyTwoBytes(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		if _, err := NewKeys(make([]byte, n)); err == nil {
			t.Errorf("NewKeys accepted a %d-byte master key", n)
		}
	}
}

func TestSealRoundTrip(t *testing.T) {
	k := testKeys(t, 7)
	for _, plain := range []string{"31011319900101123X", "欧阳小明", "13812345678", "x"} {
		sealed := k.Seal(plain, idColumn)
		if sealed[0] != 1 || len(sealed) != 1+12+len(plain)+16 {
			t.Errorf("Seal(%q) has version %d and length %d, want 1 and %d", plain, sealed[0], len(sealed), 1+12+len(plain)+16)
		}
		if bytes.Contains(sealed, []byte(plain)) {
			t.Errorf("Seal(%q) leaks the plaintext", plain)
		}
		got, err := k.Open(sealed, idColumn)
		if err != nil || got != plain {
			t.Errorf("Open(Seal(%q)) = %q, %v", plain, got, err)
		}
	}
}

func TestAnotherProcessWithTheSameMasterKeyOpens(t *testing.T) {
	sealed := testKeys(t, 7).Seal("张三", "users.real_name")
	if got, err := testKeys(t, 7).Open(sealed, "users.real_name"); err != nil || got != "张三" {
		t.Fatalf("Open = %q, %v; want 张三", got, err)
	}
}

func TestEmptyStaysNull(t *testing.T) {
	k := testKeys(t, 7)
	if got := k.Seal("", idColumn); got != nil {
		t.Errorf("Seal(\"\") = %x, want nil", got)
	}
	for _, sealed := range [][]byte{nil, {}} {
		if got, err := k.Open(sealed, idColumn); got != "" || err != nil {
			t.Errorf("Open(%#v) = %q, %v; want \"\", nil", sealed, got, err)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	k := testKeys(t, 7)
	sealed := k.Seal("31011319900101123X", idColumn)
	newVersion := append([]byte{2}, sealed[1:]...)
	cases := []struct {
		name   string
		keys   *Keys
		sealed []byte
		aad    string
	}{
		{"value moved to another column", k, sealed, "users.phone"},
		{"value moved to another row", k, sealed, idColumn + ":42"},
		{"another master key", testKeys(t, 8), sealed, idColumn},
		{"unknown version", k, newVersion, idColumn},
		{"truncated", k, sealed[:len(sealed)-1], idColumn},
		{"only a header", k, sealed[:13], idColumn},
		{"one byte", k, []byte{1}, idColumn},
	}
	for _, c := range cases {
		if got, err := c.keys.Open(c.sealed, c.aad); !errors.Is(err, ErrCorrupt) || got != "" {
			t.Errorf("%s: Open = %q, %v; want ErrCorrupt", c.name, got, err)
		}
	}
}

func TestOpenRefusesEveryTamperedByte(t *testing.T) {
	k := testKeys(t, 7)
	sealed := k.Seal("31011319900101123X", idColumn)
	for i := range sealed {
		tampered := bytes.Clone(sealed)
		tampered[i] ^= 0x01
		if _, err := k.Open(tampered, idColumn); !errors.Is(err, ErrCorrupt) {
			t.Errorf("flipping byte %d: Open error = %v, want ErrCorrupt", i, err)
		}
	}
}

func TestSealsDifferButIndexesMatch(t *testing.T) {
	k := testKeys(t, 7)
	a, b := k.Seal("31011319900101123X", idColumn), k.Seal("31011319900101123X", idColumn)
	if bytes.Equal(a, b) {
		t.Error("two seals of one value are equal: the nonce is not random")
	}
	i1, i2 := k.Index("id_number", "31011319900101123X"), k.Index("id_number", "31011319900101123X")
	if len(i1) != 32 || !bytes.Equal(i1, i2) {
		t.Errorf("Index is %d bytes and stable=%v; want 32 and true", len(i1), bytes.Equal(i1, i2))
	}
}

func TestIndexKeepsApart(t *testing.T) {
	k := testKeys(t, 7)
	base := k.Index("id_number", "13812345678")
	cases := map[string][]byte{
		"another kind":              k.Index("phone", "13812345678"),
		"another value":             k.Index("id_number", "13812345679"),
		"another key":               testKeys(t, 8).Index("id_number", "13812345678"),
		"kind/value boundary moved": k.Index("id_number1", "3812345678"),
	}
	for name, idx := range cases {
		if bytes.Equal(base, idx) {
			t.Errorf("%s: index collides", name)
		}
	}
}

func TestKeysNeverPrint(t *testing.T) {
	k := testKeys(t, 7)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(verb, k); !strings.Contains(got, "redacted") {
			t.Errorf("Sprintf(%q, keys) = %q, want it redacted", verb, got)
		}
	}
}

func BenchmarkSeal(b *testing.B) {
	k := testKeys(b, 7)
	for b.Loop() {
		k.Seal("31011319900101123X", idColumn)
	}
}

func BenchmarkIndex(b *testing.B) {
	k := testKeys(b, 7)
	for b.Loop() {
		k.Index("id_number", "31011319900101123X")
	}
}
