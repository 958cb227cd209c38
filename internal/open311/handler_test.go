package open311

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 3, 2, 12, 0, 0, 0, Zone)

func newTestHandler() (*Handler, *fakeBackend) {
	f := newFake()
	return &Handler{Backend: f, Changeset: testNow.Add(-time.Hour), Now: func() time.Time { return testNow }}, f
}

type response struct {
	status int
	ctype  string
	body   []byte
}

// do sends one request; a non-nil form is POSTed url-encoded.
func do(t *testing.T, h http.Handler, method, path string, form url.Values) response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes()}
}

func newPost() url.Values {
	return url.Values{"api_key": {goodKey}, "service_code": {"environment"}, "lat": {"31.188"}, "long": {"121.437"},
		"description": {"路灯坏了"}, "attribute[neighborhood]": {"3"}}
}

// arrayOf checks a one-element JSON array whose element matches def.
func arrayOf(t *testing.T, s *schemaSet, def string, body []byte) []string {
	t.Helper()
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		return []string{"not a JSON array: " + err.Error()}
	}
	if len(items) != 1 {
		return []string{"want one element"}
	}
	return s.validate(def, items[0], true)
}

func TestJSONResponsesMatchThePublishedSchemas(t *testing.T) {
	s := loadSchemas(t)
	h, _ := newTestHandler()
	for _, c := range []struct{ name, method, path, schema string }{
		{"service list", "GET", "/open311/v2/services.json", "services.json"},
		{"service definition", "GET", "/open311/v2/services/environment.json", "service-definition.json"},
		{"request list", "GET", "/open311/v2/requests.json", "requests.json"},
		{"one request", "GET", "/open311/v2/requests/101.json", "requests.json"},
		{"request list by ids", "GET", "/open311/v2/requests.json?service_request_id=101,102,999", "requests.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := do(t, h, c.method, c.path, nil)
			if res.status != 200 || res.ctype != "application/json; charset=utf-8" {
				t.Fatalf("%d %s: %s", res.status, res.ctype, res.body)
			}
			if p := s.validate(c.schema, res.body, true); len(p) > 0 {
				t.Fatalf("%s\n%s", strings.Join(p, "\n"), res.body)
			}
		})
	}
	t.Run("post request", func(t *testing.T) {
		res := do(t, h, "POST", "/open311/v2/requests.json", newPost())
		if res.status != 200 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if p := arrayOf(t, s, "swagger-responses.json#/definitions/RequestResponse", res.body); len(p) > 0 {
			t.Fatalf("%v\n%s", p, res.body)
		}
	})
	t.Run("token", func(t *testing.T) {
		res := do(t, h, "GET", "/open311/v2/tokens/tok101.json", nil)
		if p := arrayOf(t, s, "swagger-responses.json#/definitions/TokenResponse", res.body); len(p) > 0 {
			t.Fatalf("%v\n%s", p, res.body)
		}
	})
}

// node is an XML element read back generically, to check names and order.
type node struct {
	name string
	text string
	kids []*node
}

func parseXML(t *testing.T, b []byte) *node {
	t.Helper()
	if !strings.HasPrefix(string(b), `<?xml version="1.0" encoding="utf-8"?>`) {
		t.Fatalf("no XML declaration: %.60s", b)
	}
	d := xml.NewDecoder(strings.NewReader(string(b)))
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("bad XML: %v\n%s", err, b)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Space != "" || len(x.Attr) > 0 {
				t.Fatalf("<%s> has a namespace or attributes", x.Name.Local)
			}
			n := &node{name: x.Name.Local}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(x)
			}
		}
	}
	return root
}

func (n *node) names() []string {
	var out []string
	for _, k := range n.kids {
		out = append(out, k.name)
	}
	return out
}

// The spec's elements, in the spec's order (GeoReport_v2 examples; the
// updates from mySociety's open311-adapter).
var (
	serviceFields   = "service_code service_name description metadata type keywords group"
	attributeFields = "variable code datatype required datatype_description order description"
	requestFields   = "service_request_id status status_notes service_name service_code description agency_responsible service_notice " +
		"requested_datetime updated_datetime expected_datetime address address_id zipcode lat long media_url"
	updateFields = "update_id service_request_id status updated_datetime description media_url"
)

func TestXMLUsesTheSpecsElements(t *testing.T) {
	h, _ := newTestHandler()
	get := func(path string) *node {
		t.Helper()
		res := do(t, h, "GET", path, nil)
		if res.status != 200 || res.ctype != "text/xml; charset=utf-8" {
			t.Fatalf("%s: %d %s %s", path, res.status, res.ctype, res.body)
		}
		return parseXML(t, res.body)
	}
	check := func(what string, n *node, wantName, wantKids string) {
		t.Helper()
		if n.name != wantName || strings.Join(n.names(), " ") != wantKids {
			t.Errorf("%s: <%s> holds %v\nwant <%s> holding %s", what, n.name, n.names(), wantName, wantKids)
		}
	}

	d := get("/open311/v2/discovery.xml")
	check("discovery", d, "discovery", "changeset contact key_service endpoints")
	check("endpoint", d.kids[3].kids[0], "endpoint", "specification url changeset type formats")
	check("formats", d.kids[3].kids[0].kids[4], "formats", "format format")

	ss := get("/open311/v2/services.xml")
	check("services", ss, "services", "service service")
	check("service", ss.kids[0], "service", serviceFields)

	def := get("/open311/v2/services/environment.xml")
	check("definition", def, "service_definition", "service_code attributes")
	check("list attribute", def.kids[1].kids[0], "attribute", attributeFields+" values")
	check("text attribute", def.kids[1].kids[1], "attribute", attributeFields)
	check("values", def.kids[1].kids[0].kids[7], "values", "value value")
	check("value", def.kids[1].kids[0].kids[7].kids[0], "value", "key name")

	rs := get("/open311/v2/requests.xml")
	check("requests", rs, "service_requests", "request request")
	check("request", rs.kids[0], "request", requestFields)
	one := get("/open311/v2/requests/101.xml")
	check("one request", one, "service_requests", "request")
	if got := one.kids[0].kids[5].text; got != "楼道里堆了<旧家具>&杂物" {
		t.Errorf("description came back as %q", got)
	}
	if got := one.kids[0].kids[8].text; got != "2026-03-01T09:30:00+08:00" {
		t.Errorf("requested_datetime %q, want W3C with +08:00", got)
	}

	tok := get("/open311/v2/tokens/tok101.xml")
	check("token", tok, "service_requests", "request")
	check("token request", tok.kids[0], "request", "service_request_id token")

	up := get("/open311/v2/servicerequestupdates.xml")
	check("updates", up, "service_request_updates", "request_update")
	check("update", up.kids[0], "request_update", updateFields)

	res := do(t, h, "POST", "/open311/v2/requests.xml", newPost())
	created := parseXML(t, res.body)
	check("created", created, "service_requests", "request")
	check("created request", created.kids[0], "request", "service_request_id")
}

// containers are the elements whose children repeat: the Spark convention
// makes them arrays even with one child.
var containers = map[string]bool{"services": true, "attributes": true, "values": true, "service_requests": true,
	"errors": true, "endpoints": true, "formats": true, "service_request_updates": true}

// spark maps an XML element to JSON by the convention, with every leaf as
// text: what the JSON must equal once its own leaves are written as text.
func spark(n *node) any {
	if containers[n.name] {
		out := []any{}
		for _, k := range n.kids {
			out = append(out, spark(k))
		}
		return out
	}
	if len(n.kids) == 0 {
		return n.text
	}
	out := map[string]any{}
	for _, k := range n.kids {
		out[k.name] = spark(k)
	}
	return out
}

// asText writes JSON leaves as XML would: null as empty.
func asText(v any) any {
	switch x := v.(type) {
	case nil:
		return ""
	case json.Number:
		return string(x)
	case bool:
		if x {
			return "true"
		}
		return "false"
	case []any:
		for i := range x {
			x[i] = asText(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = asText(x[k])
		}
	}
	return v
}

func TestJSONIsTheXMLBySparkConvention(t *testing.T) {
	h, _ := newTestHandler()
	for _, path := range []string{"discovery", "services", "services/environment", "requests", "requests/101",
		"tokens/tok101", "servicerequestupdates", "requests/nope"} {
		t.Run(path, func(t *testing.T) {
			x := do(t, h, "GET", "/open311/v2/"+path+".xml", nil)
			j := do(t, h, "GET", "/open311/v2/"+path+".json", nil)
			if x.status != j.status {
				t.Fatalf("statuses differ: XML %d, JSON %d", x.status, j.status)
			}
			var v any
			d := json.NewDecoder(strings.NewReader(string(j.body)))
			d.UseNumber()
			if err := d.Decode(&v); err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(spark(parseXML(t, x.body)))
			got, _ := json.Marshal(asText(v))
			if string(got) != string(want) {
				t.Errorf("JSON and XML disagree\nJSON: %s\nXML:  %s", got, want)
			}
		})
	}
}
