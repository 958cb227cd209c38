package idcard

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tomorrow := time.Now().In(chinaTime).AddDate(0, 0, 1)
	future := "110101" + tomorrow.Format("20060102") + "001"
	future += string(CheckDigit(future))

	cases := []struct {
		name string
		in   string
		want Number
		err  error
	}{
		{"GB 11643 sample with X check digit", "11010519491231002X", "11010519491231002X", nil},
		{"Shanghai number with X", "31010419900307123X", "31010419900307123X", nil},
		{"digit check digit", "440304198508150019", "440304198508150019", nil},
		{"leap day 2000", "110101200002290018", "110101200002290018", nil},
		{"lower-case x", "11010519491231002x", "11010519491231002X", nil},
		{"full-width digits and Ｘ", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", nil},
		{"full-width ｘ", "11010519491231002ｘ", "11010519491231002X", nil},
		{"leading and trailing spaces", " \t11010519491231002X\u3000 ", "11010519491231002X", nil},
		{"wrong check digit", "110105194912310021", "", ErrCheckDigit},
		{"17 characters", "11010519491231002", "", ErrLength},
		{"19 characters", "11010519491231002X1", "", ErrLength},
		{"empty", "", "", ErrLength},
		{"space inside", "110105 19491231002X", "", ErrLength},
		{"letters in the middle", "1101051949AB31002X", "", ErrCharacters},
		{"X not last", "1101051949123100X2", "", ErrCharacters},
		{"Chinese character last", "11010519491231002中", "", ErrCharacters},
		{"region starting with 0", "010101199001010011", "", ErrCharacters},
		{"month 13", "110101199913010018", "", ErrBirthDate},
		{"30 February", "11010120000230001X", "", ErrBirthDate},
		{"29 February in a common year", "110101199902290010", "", ErrBirthDate},
		{"before 1900", "110101189912310010", "", ErrBirthDate},
		{"born tomorrow", future, "", ErrBirthDate},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse(c.in)
			if !errors.Is(err, c.err) {
				t.Fatalf("Parse(%q) error = %v, want %v", c.in, err, c.err)
			}
			if got != c.want {
				t.Errorf("Parse(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	cases := map[string]string{
		"":                    "",
		"\u3000 ":             "",
		" １２３ｘ ":              "123X",
		"12x3Ｘ":               "12X3X",
		"ab 1":                "ab 1",
		"11010519491231002X ": "11010519491231002X",
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckDigit(t *testing.T) {
	cases := map[string]byte{
		"11010519491231002": 'X',
		"44030419850815001": '9',
		"11010120000229001": '8',
		"1101051949123100":  0, // 16 digits
		"1101051949123100A": 0,
	}
	for in, want := range cases {
		if got := CheckDigit(in); got != want {
			t.Errorf("CheckDigit(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMasked(t *testing.T) {
	cases := map[Number]string{
		"31010419900307123X": "3101**********123X",
		"440304198508150019": "4403**********0019",
		"":                   "",
		"1234567":            "*******",
	}
	for in, want := range cases {
		if got := in.Masked(); got != want {
			t.Errorf("Number(%q).Masked() = %q, want %q", in, got, want)
		}
	}
}

func TestSynthetic(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name  string
		birth time.Time
		seq   int
		want  Number
	}{
		{"plain", time.Date(1985, 8, 15, 0, 0, 0, 0, time.UTC), 1, "990113198508150011"},
		{"sequence wraps at 1000", time.Date(1985, 8, 15, 0, 0, 0, 0, time.UTC), 1001, "990113198508150011"},
		{"leap day", time.Date(2000, 2, 29, 23, 0, 0, 0, time.UTC), 42, ""},
		{"before 1900 clamps", time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC), 7, ""},
		{"future clamps", time.Now().AddDate(5, 0, 0), 8, ""},
		{"random sequence", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), -1, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := Synthetic(r, c.birth, c.seq)
			if c.want != "" && n != c.want {
				t.Errorf("Synthetic = %q, want %q", n, c.want)
			}
			if !strings.HasPrefix(string(n), SyntheticRegion) {
				t.Errorf("Synthetic = %q, want prefix %s", n, SyntheticRegion)
			}
			got, err := Parse(string(n))
			if err != nil || got != n {
				t.Errorf("Parse(Synthetic) = %q, %v; want %q, nil", got, err, n)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "１１０１０５１９４９１２３１００２ｘ", " 440304198508150019\u3000",
		"110101200002300010", "", "X", "\xff\xfe", "11010519491231002中",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			if n != "" {
				t.Fatalf("Parse(%q) = %q with error %v", s, n, err)
			}
			return
		}
		str := string(n)
		if len(str) != length {
			t.Fatalf("Parse(%q) = %q, not %d bytes", s, n, length)
		}
		if CheckDigit(str[:length-1]) != str[length-1] {
			t.Fatalf("Parse(%q) accepted %q with a wrong check digit", s, n)
		}
		if str != Normalize(s) || Normalize(str) != str {
			t.Fatalf("Parse(%q) = %q, does not round-trip through Normalize", s, n)
		}
	})
}
