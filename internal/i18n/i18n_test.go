package i18n

import (
	"sort"
	"strings"
	"testing"
)

func TestCatalogsHaveTheSameKeys(t *testing.T) {
	zh, en := Keys(ZH), Keys(EN)
	sort.Strings(zh)
	sort.Strings(en)
	for _, k := range zh {
		if !Has(EN, k) {
			t.Errorf("key %q is missing from en", k)
		}
	}
	for _, k := range en {
		if !Has(ZH, k) {
			t.Errorf("key %q is missing from zh-CN", k)
		}
	}
}

func TestPlaceholdersAgree(t *testing.T) {
	for _, k := range Keys(ZH) {
		if Has(EN, k) && strings.Count(T(ZH, k), "%") != strings.Count(T(EN, k), "%") {
			t.Errorf("key %q: zh-CN and en have different placeholders", k)
		}
	}
}

func TestNegotiate(t *testing.T) {
	cases := []struct {
		name, choice, accept string
		want                 Lang
	}{
		{"nothing means Chinese", "", "", ZH},
		{"browser English", "", "en-US,en;q=0.9", EN},
		{"browser Chinese first", "", "zh-CN,zh;q=0.9,en;q=0.8", ZH},
		{"choice beats browser", "en", "zh-CN", EN},
		{"unknown choice ignored", "fr", "en-GB", EN},
		{"unknown everything", "", "fr-FR,de", ZH},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Negotiate(c.choice, c.accept); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestMissingKeyShowsItself(t *testing.T) {
	if got := T(EN, "no.such.key"); got != "no.such.key" {
		t.Fatalf("got %q", got)
	}
}
