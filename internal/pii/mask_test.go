package pii

import "testing"

func TestMaskName(t *testing.T) {
	cases := map[string]string{
		"张三":         "张*",
		"王小明":        "王*明",
		"欧阳小明":       "欧**明",
		"李":          "*",
		"":           "",
		" 张三 ":       "张*",
		"Alice":      "A***e",
		"Li":         "L*",
		"José Nuñez": "J********z",
	}
	for in, want := range cases {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	cases := map[string]string{
		"13812345678":    "138****5678",
		"+8613812345678": "+86*******5678",
		"0215551234":     "021*****34",
		"5551234":        "555**34",
		"123456":         "******",
		"１３８１２３４５６７８":    "１３８****５６７８",
		"":               "",
	}
	for in, want := range cases {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}
