package open311

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// errorBody reads the spec's error document in either format.
func errorBody(t *testing.T, res response, xmlFormat bool) (codes []string, descriptions []string) {
	t.Helper()
	if xmlFormat {
		root := parseXML(t, res.body)
		if root.name != "errors" {
			t.Fatalf("root <%s>, want <errors>: %s", root.name, res.body)
		}
		for _, e := range root.kids {
			if e.name != "error" || strings.Join(e.names(), " ") != "code description" {
				t.Fatalf("<%s> holds %v", e.name, e.names())
			}
			codes, descriptions = append(codes, e.kids[0].text), append(descriptions, e.kids[1].text)
		}
		return
	}
	var list []struct {
		Code        json.Number `json:"code"`
		Description string      `json:"description"`
	}
	d := json.NewDecoder(strings.NewReader(string(res.body)))
	d.UseNumber()
	if err := d.Decode(&list); err != nil {
		t.Fatalf("error body is not the spec's array: %v: %s", err, res.body)
	}
	for _, e := range list {
		codes, descriptions = append(codes, e.Code.String()), append(descriptions, e.Description)
	}
	return
}

func without(v url.Values, keys ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

func with(v url.Values, k, val string) url.Values {
	out := without(v)
	out.Set(k, val)
	return out
}

func TestErrorsSpeakTheSpec(t *testing.T) {
	h, f := newTestHandler()
	cases := []struct {
		name   string
		method string
		path   string
		form   url.Values
		status int
		codes  int // how many errors
	}{
		{"POST without api_key is 403", "POST", "/open311/v2/requests", without(newPost(), "api_key"), 403, 1},
		{"POST with a wrong api_key is 403", "POST", "/open311/v2/requests", with(newPost(), "api_key", "o311_stolen"), 403, 1},
		{"no key and nothing else is still 403 first", "POST", "/open311/v2/requests", url.Values{"x": {"y"}}, 403, 1},
		{"unknown service_code on POST is 404", "POST", "/open311/v2/requests", with(newPost(), "service_code", "potholes"), 404, 1},
		{"missing service_code is 400", "POST", "/open311/v2/requests", without(newPost(), "service_code"), 400, 1},
		{"no location is 400", "POST", "/open311/v2/requests", without(newPost(), "lat", "long"), 400, 1},
		{"lat without long is 400", "POST", "/open311/v2/requests", without(newPost(), "long"), 400, 1},
		{"coordinates off the globe are 400", "POST", "/open311/v2/requests", with(newPost(), "lat", "91"), 400, 1},
		{"several problems come together", "POST", "/open311/v2/requests", without(newPost(), "service_code", "lat", "long"), 400, 2},
		{"description over 4000 is 400", "POST", "/open311/v2/requests", with(newPost(), "description", strings.Repeat("长", 4001)), 400, 1},
		{"media_url must be a web URL", "POST", "/open311/v2/requests", with(newPost(), "media_url", "javascript:alert(1)"), 400, 1},
		{"unknown service definition is 404", "GET", "/open311/v2/services/potholes", nil, 404, 1},
		{"unknown request is 404", "GET", "/open311/v2/requests/999", nil, 404, 1},
		{"unknown token is 404", "GET", "/open311/v2/tokens/nope", nil, 404, 1},
		{"unknown jurisdiction is 404", "GET", "/open311/v2/services?jurisdiction_id=sf.gov", nil, 404, 1},
		{"bad start_date is 400", "GET", "/open311/v2/requests?start_date=yesterday", nil, 400, 1},
		{"a date without its zone is 400", "GET", "/open311/v2/requests?start_date=2026-03-01T00:00:00", nil, 400, 1},
		{"end before start is 400", "GET", "/open311/v2/requests?start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z", nil, 400, 1},
		{"a span over 90 days is 400", "GET", "/open311/v2/requests?start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", nil, 400, 1},
		{"status beyond open and closed is 400", "GET", "/open311/v2/requests?status=pending", nil, 400, 1},
		{"bad dates on updates are 400", "GET", "/open311/v2/servicerequestupdates?end_date=soon", nil, 400, 1},
		{"an unknown resource is 404", "GET", "/open311/v2/potholes", nil, 404, 1},
		{"an empty id is 404", "GET", "/open311/v2/requests/", nil, 404, 1},
		{"a nested path is 404", "GET", "/open311/v2/services/parking/extra", nil, 404, 1},
		{"a wrong method is 400", "DELETE", "/open311/v2/requests", nil, 400, 1},
		{"POST on the service list is 400", "POST", "/open311/v2/services", url.Values{}, 400, 1},
	}
	for _, c := range cases {
		for _, ext := range []string{".xml", ".json"} {
			t.Run(c.name+ext, func(t *testing.T) {
				before := len(f.created)
				path, query, _ := strings.Cut(c.path, "?")
				res := do(t, h, c.method, path+ext+"?"+query, c.form)
				if res.status != c.status {
					t.Fatalf("status %d, want %d: %s", res.status, c.status, res.body)
				}
				codes, descs := errorBody(t, res, ext == ".xml")
				if len(codes) != c.codes {
					t.Fatalf("%d errors, want %d: %s", len(codes), c.codes, res.body)
				}
				for i := range codes {
					if codes[i] != strconv.Itoa(c.status) || descs[i] == "" || strings.HasPrefix(descs[i], "open311.") {
						t.Errorf("error %d: code %s, description %q", i, codes[i], descs[i])
					}
				}
				if len(f.created) != before {
					t.Error("a refused request was created")
				}
			})
		}
	}
}

func TestJurisdictionIsRequiredOnlyWhenThereAreSeveral(t *testing.T) {
	h, f := newTestHandler()
	if res := do(t, h, "GET", "/open311/v2/services.xml", nil); res.status != 200 {
		t.Fatalf("one jurisdiction, none named: %d %s", res.status, res.body)
	}
	if res := do(t, h, "GET", "/open311/v2/services.xml?jurisdiction_id=xh.example.gov.cn", nil); res.status != 200 {
		t.Fatalf("the right one named: %d", res.status)
	}
	f.jurisdictions = append(f.jurisdictions, Jurisdiction{ID: "pd.example.gov.cn", DistrictID: 2})
	if res := do(t, h, "GET", "/open311/v2/services.xml", nil); res.status != 400 {
		t.Fatalf("two jurisdictions, none named: %d, want 400", res.status)
	}
	// node-open311 sends jurisdiction_id in the query of a POST, FixMyStreet in its body.
	if res := do(t, h, "POST", "/open311/v2/requests.xml?jurisdiction_id=pd.example.gov.cn", newPost()); res.status != 200 {
		t.Fatalf("jurisdiction in the query: %d %s", res.status, res.body)
	}
	if res := do(t, h, "POST", "/open311/v2/requests.xml", with(newPost(), "jurisdiction_id", "pd.example.gov.cn")); res.status != 200 {
		t.Fatalf("jurisdiction in the body: %d %s", res.status, res.body)
	}
}

func TestRequestListFilters(t *testing.T) {
	h, f := newTestHandler()
	get := func(query string) {
		t.Helper()
		if res := do(t, h, "GET", "/open311/v2/requests.xml"+query, nil); res.status != 200 {
			t.Fatalf("%s: %d %s", query, res.status, res.body)
		}
	}
	get("")
	if !f.lastFilter.End.Equal(testNow) || !f.lastFilter.Start.Equal(testNow.Add(-90*24*time.Hour)) || f.lastFilter.Limit != 1000 {
		t.Errorf("default window %v..%v limit %d, want the last 90 days and 1000", f.lastFilter.Start, f.lastFilter.End, f.lastFilter.Limit)
	}
	get("?start_date=2026-01-01T00:00:00%2B08:00")
	if want := time.Date(2026, 4, 1, 0, 0, 0, 0, Zone); !f.lastFilter.End.Equal(want) {
		t.Errorf("start only: end %v, want 90 days on (%v)", f.lastFilter.End, want)
	}
	get("?end_date=2026-02-01&start_date=")
	if want := time.Date(2026, 2, 1, 0, 0, 0, 0, Zone); !f.lastFilter.End.Equal(want) || !f.lastFilter.Start.Equal(want.Add(-90*24*time.Hour)) {
		t.Errorf("end only (an empty start is absent): %v..%v", f.lastFilter.Start, f.lastFilter.End)
	}
	get("?service_code=environment,parking&status=open,closed")
	if strings.Join(f.lastFilter.ServiceCodes, "|") != "environment|parking" || strings.Join(f.lastFilter.Statuses, "|") != "open|closed" {
		t.Errorf("lists: %+v", f.lastFilter)
	}
	get("?service_request_id=101,+102&start_date=nonsense&status=pending")
	if strings.Join(f.lastFilter.IDs, "|") != "101|102" || f.lastFilter.Statuses != nil {
		t.Errorf("service_request_id must override the rest: %+v", f.lastFilter)
	}
	res := do(t, h, "GET", "/open311/v2/requests.json?status=closed", nil)
	var list []map[string]any
	_ = json.Unmarshal(res.body, &list)
	if len(list) != 1 || list[0]["service_request_id"] != "102" {
		t.Errorf("status=closed: %s", res.body)
	}
}

func TestUpdatesWindow(t *testing.T) {
	h, f := newTestHandler()
	res := do(t, h, "GET", "/open311/v2/servicerequestupdates.xml?start_date=2026-03-01T00:00:00Z&end_date=2026-03-02T00:00:00Z", nil)
	if res.status != 200 {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if !f.lastUpdates.Start.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) || f.lastUpdates.Limit != 1000 {
		t.Errorf("filter %+v", f.lastUpdates)
	}
}

// A GET needs no key; a good one makes the caller a known partner, a wrong
// one is ignored rather than refused.
func TestKeysOnReads(t *testing.T) {
	h, f := newTestHandler()
	for _, c := range []struct {
		query   string
		partner bool
	}{{"", false}, {"?api_key=" + goodKey, true}, {"?api_key=o311_wrong", false}} {
		for _, path := range []string{"requests.xml", "requests/101.json", "servicerequestupdates.xml"} {
			f.lastViewer = &Partner{}
			res := do(t, h, "GET", "/open311/v2/"+path+c.query, nil)
			if res.status != 200 || (f.lastViewer != nil) != c.partner {
				t.Errorf("%s%s: %d, viewer %+v", path, c.query, res.status, f.lastViewer)
			}
		}
	}
}

func TestPostReadsTheSpecsForm(t *testing.T) {
	h, f := newTestHandler()
	form := newPost()
	form.Set("address_string", "1号楼 甲小区")
	form["attribute[kinds][]"] = []string{"a", "b"}
	form["media_url"] = []string{"https://example.org/1.jpg", "https://example.org/2.jpg"}
	if res := do(t, h, "POST", "/open311/v2/requests.json", form); res.status != 200 {
		t.Fatalf("%d %s", res.status, res.body)
	}
	got := f.created[len(f.created)-1]
	if got.ServiceCode != "environment" || *got.Lat != 31.188 || *got.Long != 121.437 || got.Description != "路灯坏了" ||
		got.AddressString != "1号楼 甲小区" || strings.Join(got.Attributes["kinds"], ",") != "a,b" ||
		strings.Join(got.Attributes["neighborhood"], ",") != "3" || len(got.MediaURLs) != 2 {
		t.Errorf("parsed %+v", got)
	}
}

func TestLanguageOfDescriptions(t *testing.T) {
	h, _ := newTestHandler()
	zh := do(t, h, "GET", "/open311/v2/requests/999.json", nil)
	en := do(t, h, "GET", "/open311/v2/requests/999.json?locale=en", nil)
	_, dz := errorBody(t, zh, false)
	_, de := errorBody(t, en, false)
	if dz[0] == de[0] || !strings.Contains(de[0], "service_request_id") {
		t.Errorf("zh %q, en %q", dz[0], de[0])
	}
}

// A path without .xml or .json has no format to answer in: XML, the one the
// spec makes mandatory, says so.
func TestUnknownFormatsAnswerInXML(t *testing.T) {
	h, _ := newTestHandler()
	for _, path := range []string{"/open311/v2/services", "/open311/v2/services.html", "/open311/v2/", "/open311/v2/requests.JSON"} {
		res := do(t, h, "GET", path, nil)
		if res.status != 404 || res.ctype != "text/xml; charset=utf-8" {
			t.Errorf("%s: %d %s", path, res.status, res.ctype)
			continue
		}
		if codes, _ := errorBody(t, res, true); len(codes) != 1 || codes[0] != "404" {
			t.Errorf("%s: %v", path, codes)
		}
	}
}
