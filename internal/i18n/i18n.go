// Package i18n holds linli's message catalogs. zh-CN is the first language and
// the fallback; English is second. Every user-visible string has a key here.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
)

// Lang is a catalog name.
type Lang string

// The languages linli speaks.
const (
	ZH Lang = "zh-CN"
	EN Lang = "en"
)

// Langs lists the catalogs in order of preference.
var Langs = []Lang{ZH, EN}

// The catalogs are split by area so that work on one area does not touch
// another's file: catalog/<lang>.json holds the core, catalog/<area>.<lang>.json
// the rest. A key defined twice for one language is a build-time mistake.
//
//go:embed catalog/*.json
var files embed.FS

var catalogs = map[Lang]map[string]string{}

func init() {
	entries, err := files.ReadDir("catalog")
	if err != nil {
		panic(err)
	}
	for _, l := range Langs {
		catalogs[l] = map[string]string{}
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		lang := Lang(name[strings.LastIndex(name, ".")+1:])
		into, ok := catalogs[lang]
		if !ok {
			panic(fmt.Sprintf("i18n: catalog %s names no known language", e.Name()))
		}
		b, err := files.ReadFile("catalog/" + e.Name())
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("i18n: catalog %s: %v", e.Name(), err))
		}
		for k, v := range m {
			if _, dup := into[k]; dup {
				panic(fmt.Sprintf("i18n: key %q is defined twice for %s", k, lang))
			}
			into[k] = v
		}
	}
}

// Has reports whether key is in lang's catalog.
func Has(lang Lang, key string) bool {
	_, ok := catalogs[lang][key]
	return ok
}

// Keys lists every key of lang's catalog; tests compare catalogs with it.
func Keys(lang Lang) []string {
	out := make([]string, 0, len(catalogs[lang]))
	for k := range catalogs[lang] {
		out = append(out, k)
	}
	return out
}

// T returns key's message in lang, formatted with args (fmt verbs). A key missing
// from lang falls back to zh-CN, then to the key itself so a gap shows, not breaks.
func T(lang Lang, key string, args ...any) string {
	msg, ok := catalogs[lang][key]
	if !ok {
		if msg, ok = catalogs[ZH][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Parse maps a user-supplied language tag to a catalog, ok=false if unknown.
func Parse(tag string) (Lang, bool) {
	tag = strings.ToLower(strings.TrimSpace(tag))
	switch {
	case tag == "zh" || strings.HasPrefix(tag, "zh-") || strings.HasPrefix(tag, "zh_"):
		return ZH, true
	case tag == "en" || strings.HasPrefix(tag, "en-") || strings.HasPrefix(tag, "en_"):
		return EN, true
	}
	return ZH, false
}

// Negotiate picks the language: an explicit choice (cookie or query) first, then
// the browser's Accept-Language in order, else zh-CN.
func Negotiate(choice, acceptLanguage string) Lang {
	if l, ok := Parse(choice); ok {
		return l
	}
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, _, _ := strings.Cut(part, ";")
		if l, ok := Parse(tag); ok {
			return l
		}
	}
	return ZH
}
