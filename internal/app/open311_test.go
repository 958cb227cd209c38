package app_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/open311"
	"github.com/linli-dev/linli/internal/testenv"
)

// TestOpen311EndToEnd is a partner system on the running server: it reads
// the service list, files a case with its key, and reads it back in XML and
// JSON, the way FixMyStreet and node-open311 do.
func TestOpen311EndToEnd(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		key, _, err := open311.NewKeys(e.DB).Create(context.Background(), e.District.ID, "12345 热线", 0)
		if err != nil {
			t.Fatal(err)
		}
		get := func(path string) (int, string, []byte) {
			t.Helper()
			resp, err := http.Get(e.URL + "/open311/v2/" + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, resp.Header.Get("Content-Type"), b
		}
		if st, ct, b := get("services.xml"); st != 200 || ct != "text/xml; charset=utf-8" || !strings.Contains(string(b), "<service_code>parking</service_code>") {
			t.Fatalf("services.xml: %d %s %.200s", st, ct, b)
		}

		form := url.Values{"api_key": {key}, "service_code": {"parking"}, "address_id": {strconv.FormatInt(e.BuildingA.ID, 10)},
			"description": {"消防通道被私家车占了三天"}, "lat": {"31.3401"}, "long": {"121.4470"}}
		noKey := url.Values{}
		for k, v := range form {
			if k != "api_key" {
				noKey[k] = v
			}
		}
		resp, err := http.PostForm(e.URL+"/open311/v2/requests.xml", noKey)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 403 || !strings.Contains(string(b), "<errors><error><code>403</code>") {
			t.Fatalf("without a key: %d %s", resp.StatusCode, b)
		}

		resp, err = http.PostForm(e.URL+"/open311/v2/requests.xml", form)
		if err != nil {
			t.Fatal(err)
		}
		b, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		var created struct {
			XMLName  xml.Name `xml:"service_requests"`
			Requests []struct {
				ID string `xml:"service_request_id"`
			} `xml:"request"`
		}
		if resp.StatusCode != 200 || xml.Unmarshal(b, &created) != nil || len(created.Requests) != 1 || created.Requests[0].ID == "" {
			t.Fatalf("POST requests.xml: %d %s", resp.StatusCode, b)
		}
		id := created.Requests[0].ID

		st, ct, b := get("requests/" + id + ".xml?api_key=" + url.QueryEscape(key))
		var asXML struct {
			XMLName  xml.Name `xml:"service_requests"`
			Requests []struct {
				ID   string  `xml:"service_request_id"`
				Code string  `xml:"service_code"`
				Lat  float64 `xml:"lat"`
			} `xml:"request"`
		}
		if st != 200 || ct != "text/xml; charset=utf-8" || xml.Unmarshal(b, &asXML) != nil || len(asXML.Requests) != 1 {
			t.Fatalf("requests/%s.xml: %d %s %s", id, st, ct, b)
		}
		if r := asXML.Requests[0]; r.ID != id || r.Code != "parking" || r.Lat != 31.3401 {
			t.Errorf("read back as XML: %+v", r)
		}
		if !strings.Contains(string(b), "<description>消防通道被私家车占了三天</description>") ||
			!strings.Contains(string(b), "<status>open</status>") || !strings.Contains(string(b), "+08:00</requested_datetime>") {
			t.Errorf("the case as XML: %s", b)
		}

		st, ct, b = get("requests.json")
		var asJSON []map[string]any
		if st != 200 || ct != "application/json; charset=utf-8" || json.Unmarshal(b, &asJSON) != nil {
			t.Fatalf("requests.json: %d %s %s", st, ct, b)
		}
		if len(asJSON) != 1 || asJSON[0]["service_request_id"] != id || asJSON[0]["service_code"] != "parking" ||
			asJSON[0]["agency_responsible"] != "甲小区居委会" || asJSON[0]["description"] != nil {
			t.Errorf("the list as anyone reads it: %s", b)
		}
		if st, _, b := get("requests/" + id + ".json?jurisdiction_id=elsewhere"); st != 404 || !strings.HasPrefix(string(b), `[{"code":404,`) {
			t.Errorf("a wrong jurisdiction: %d %s", st, b)
		}
	})
}
