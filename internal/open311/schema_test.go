package open311

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// A validator for the part of JSON Schema (draft 4) that the published
// Open311 schemas use: type, enum, required, properties, items, anyOf,
// maxLength, format (date-time, uri), $ref to a sibling file or to
// #/definitions. A keyword it does not know fails the check, so a schema
// can never be half-applied in silence. strict also refuses properties the
// schema does not declare: the spec asks for no foreign fields.

type schemaSet struct {
	dir   string
	files map[string]map[string]any
}

func loadSchemas(t *testing.T) *schemaSet {
	t.Helper()
	s := &schemaSet{dir: filepath.Join("testdata", "schema"), files: map[string]map[string]any{}}
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(s.dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		s.files[e.Name()] = m
	}
	return s
}

// validate checks doc (raw JSON) against the schema at ref ("requests.json",
// "swagger-responses.json#/definitions/TokenResponse").
func (s *schemaSet) validate(ref string, doc []byte, strict bool) []string {
	var v any
	d := json.NewDecoder(strings.NewReader(string(doc)))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	file, schema, err := s.resolve("", ref)
	if err != nil {
		return []string{err.Error()}
	}
	c := &checker{set: s, strict: strict}
	c.check(file, schema, v, "$")
	return c.problems
}

func (s *schemaSet) resolve(from, ref string) (string, map[string]any, error) {
	file, frag, _ := strings.Cut(ref, "#")
	if file == "" {
		file = from
	}
	m, ok := s.files[file]
	if !ok {
		return "", nil, fmt.Errorf("$ref %q: no schema file %s", ref, file)
	}
	var node any = m
	for _, part := range strings.Split(strings.Trim(frag, "/"), "/") {
		if part == "" {
			continue
		}
		obj, _ := node.(map[string]any)
		if node = obj[part]; node == nil {
			return "", nil, fmt.Errorf("$ref %q: nothing at %s", ref, part)
		}
	}
	return file, node.(map[string]any), nil
}

type checker struct {
	set      *schemaSet
	strict   bool
	problems []string
}

func (c *checker) fail(path, format string, args ...any) {
	c.problems = append(c.problems, path+": "+fmt.Sprintf(format, args...))
}

// keywords the validator applies, and those that only document.
var (
	applied    = []string{"$ref", "type", "enum", "required", "properties", "items", "anyOf", "maxLength", "format", "minItems", "uniqueItems"}
	documental = []string{"description"}
)

func (c *checker) check(file string, schema map[string]any, v any, path string) {
	for k := range schema {
		if !slices.Contains(applied, k) && !slices.Contains(documental, k) {
			c.fail(path, "schema keyword %q is not supported by this validator", k)
		}
	}
	if ref, ok := schema["$ref"].(string); ok {
		f, target, err := c.set.resolve(file, ref)
		if err != nil {
			c.fail(path, "%v", err)
			return
		}
		c.check(f, target, v, path)
	}
	if ts, ok := schema["type"]; ok && !typeMatches(ts, v) {
		c.fail(path, "want type %v, got %s", ts, jsonType(v))
		return
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
		c.fail(path, "%v is not one of %v", v, enum)
	}
	if anyOf, ok := schema["anyOf"].([]any); ok {
		passed := false
		for _, alt := range anyOf {
			sub := &checker{set: c.set, strict: c.strict}
			sub.check(file, alt.(map[string]any), v, path)
			if len(sub.problems) == 0 {
				passed = true
				break
			}
		}
		if !passed {
			c.fail(path, "%v matches none of anyOf", v)
		}
	}
	if s, ok := v.(string); ok {
		if max, ok := schema["maxLength"].(float64); ok && utf8.RuneCountInString(s) > int(max) {
			c.fail(path, "longer than %v", max)
		}
		switch schema["format"] {
		case "date-time":
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				c.fail(path, "%q is not an RFC 3339 date-time", s)
			}
		case "uri":
			if u, err := url.Parse(s); err != nil || !u.IsAbs() {
				c.fail(path, "%q is not an absolute URI", s)
			}
		}
	}
	if obj, ok := v.(map[string]any); ok {
		c.object(file, schema, obj, path)
	}
	if arr, ok := v.([]any); ok {
		if min, ok := schema["minItems"].(float64); ok && len(arr) < int(min) {
			c.fail(path, "fewer than %v items", min)
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, item := range arr {
				c.check(file, items, item, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
}

func (c *checker) object(file string, schema map[string]any, obj map[string]any, path string) {
	props, _ := schema["properties"].(map[string]any)
	if req, ok := schema["required"].([]any); ok {
		for _, r := range req {
			if _, ok := obj[r.(string)]; !ok {
				c.fail(path, "required property %q is missing", r)
			}
		}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p, declared := props[k].(map[string]any)
		if !declared {
			if c.strict && props != nil {
				c.fail(path, "property %q is not in the schema", k)
			}
			continue
		}
		c.check(file, p, obj[k], path+"."+k)
	}
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if f, err := x.Float64(); err == nil && f == math.Trunc(f) && !strings.ContainsAny(string(x), ".eE") {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func typeMatches(want any, v any) bool {
	got := jsonType(v)
	match := func(w string) bool { return w == got || (w == "number" && got == "integer") }
	switch w := want.(type) {
	case string:
		return match(w)
	case []any:
		for _, x := range w {
			if s, ok := x.(string); ok && match(s) {
				return true
			}
		}
	}
	return false
}

// TestValidatorRefusesWhatTheSchemasForbid proves the validator bites, with
// the mistakes OPEN311.md warns of: numeric ids, empty media_url, a status
// outside open/closed, a date without its zone, a missing required field.
func TestValidatorRefusesWhatTheSchemasForbid(t *testing.T) {
	s := loadSchemas(t)
	good := `[{"service_request_id":"1","status":"open","service_code":"x","requested_datetime":"2026-03-01T09:30:00+08:00","lat":31.2,"long":121.4,"media_url":null}]`
	if p := s.validate("requests.json", []byte(good), true); len(p) > 0 {
		t.Fatalf("a good document was refused: %v", p)
	}
	bad := map[string]string{
		"numeric id":        `[{"service_request_id":1,"status":"open","service_code":"x","requested_datetime":"2026-03-01T09:30:00+08:00"}]`,
		"empty media_url":   `[{"service_request_id":"1","status":"open","service_code":"x","requested_datetime":"2026-03-01T09:30:00+08:00","media_url":""}]`,
		"unknown status":    `[{"service_request_id":"1","status":"pending","service_code":"x","requested_datetime":"2026-03-01T09:30:00+08:00"}]`,
		"date without zone": `[{"service_request_id":"1","status":"open","service_code":"x","requested_datetime":"2026-03-01T09:30:00"}]`,
		"missing status":    `[{"service_request_id":"1","service_code":"x","requested_datetime":"2026-03-01T09:30:00+08:00"}]`,
		"foreign field":     `[{"service_request_id":"1","status":"open","service_code":"x","requested_datetime":"2026-03-01T09:30:00+08:00","votes":3}]`,
		"string lat":        `[{"service_request_id":"1","status":"open","service_code":"x","requested_datetime":"2026-03-01T09:30:00+08:00","lat":"31.2"}]`,
		"object not array":  `{"service_request_id":"1","status":"open","service_code":"x","requested_datetime":"2026-03-01T09:30:00+08:00"}`,
	}
	for name, doc := range bad {
		if p := s.validate("requests.json", []byte(doc), true); len(p) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
	if p := s.validate("services.json", []byte(`[{"service_code":"a","service_name":"A","metadata":"true","type":"realtime"}]`), true); len(p) == 0 {
		t.Error(`metadata "true" (a string) was accepted`)
	}
	if p := s.validate("service-definition.json", []byte(`{"service_code":"a","attributes":[{"variable":true,"code":"c","datatype":"list","required":false}]}`), true); len(p) == 0 {
		t.Error("an unknown datatype was accepted")
	}
}
