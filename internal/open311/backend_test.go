package open311

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
)

// district is a real database behind the real backend: one district with
// two neighborhoods, a building, a property company, a partner key, and a
// second district whose cases must never show.
type district struct {
	h             *Handler
	b             *Cases
	now           time.Time
	dist, other   *org.Place
	hoodA, hoodB  *org.Place
	building      *org.Place
	property      *org.Unit
	key           string
	otherDistCase int64
}

func newDistrict(t *testing.T, d *db.DB) *district {
	t.Helper()
	ctx := context.Background()
	o := org.NewStore(d)
	must := func(p *org.Place, err error) *org.Place {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	x := &district{now: time.Date(2026, 3, 2, 9, 0, 0, 0, Zone)}
	x.dist = must(o.CreatePlace(ctx, d, 0, org.District, "测试区"))
	street := must(o.CreatePlace(ctx, d, x.dist.ID, org.Street, "测试街道"))
	x.hoodA = must(o.CreatePlace(ctx, d, street.ID, org.Neighborhood, "甲小区"))
	x.hoodB = must(o.CreatePlace(ctx, d, street.ID, org.Neighborhood, "乙小区"))
	grid := must(o.CreatePlace(ctx, d, x.hoodA.ID, org.Grid, "第一网格"))
	x.building = must(o.CreatePlace(ctx, d, grid.ID, org.Building, "1号楼"))
	x.other = must(o.CreatePlace(ctx, d, 0, org.District, "别的区"))
	otherStreet := must(o.CreatePlace(ctx, d, x.other.ID, org.Street, "别的街道"))
	otherHood := must(o.CreatePlace(ctx, d, otherStreet.ID, org.Neighborhood, "别的小区"))
	var err error
	if x.property, err = o.CreateUnit(ctx, d, x.hoodA, org.Property, "绿城物业", "", []*org.Place{x.hoodA}); err != nil {
		t.Fatal(err)
	}
	store := cases.NewStore(d)
	store.Now = func() time.Time { return x.now }
	keys := NewKeys(d)
	if x.key, _, err = keys.Create(ctx, x.dist.ID, "12345 热线", 0); err != nil {
		t.Fatal(err)
	}
	x.b = &Cases{Cases: store, Org: o, Keys: keys, Audit: audit.New(d),
		Jurisdictions: map[string]int64{"test.gov.cn": x.dist.ID, "other.gov.cn": x.other.ID}}
	x.h = &Handler{Backend: x.b, Now: func() time.Time { return x.now }}
	c, err := store.Open(ctx, cases.NewCase{NeighborhoodID: otherHood.ID, Category: "noise", Description: "别处的噪音"})
	if err != nil {
		t.Fatal(err)
	}
	x.otherDistCase = c.ID
	return x
}

func (x *district) post(t *testing.T, form url.Values) response {
	t.Helper()
	form.Set("api_key", x.key)
	form.Set("jurisdiction_id", "test.gov.cn")
	return do(t, x.h, "POST", "/open311/v2/requests.json", form)
}

func (x *district) get(t *testing.T, path string) []map[string]any {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	res := do(t, x.h, "GET", "/open311/v2/"+path+sep+"jurisdiction_id=test.gov.cn", nil)
	if res.status != 200 {
		t.Fatalf("%s: %d %s", path, res.status, res.body)
	}
	var out []map[string]any
	if err := json.Unmarshal(res.body, &out); err != nil {
		t.Fatalf("%s: %v %s", path, err, res.body)
	}
	return out
}

func TestCasesBehindOpen311(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		x := newDistrict(t, d)
		schemas := loadSchemas(t)

		res := x.post(t, url.Values{"service_code": {"facilities"}, "lat": {"31.2304"}, "long": {"121.4737"},
			"description": {"1号楼门口路灯不亮，请王阿姨（电话 13800000000）帮忙开门"}, "address_id": {strconv.FormatInt(x.building.ID, 10)},
			"email": {"caller@example.org"}})
		if res.status != 200 {
			t.Fatalf("POST: %d %s", res.status, res.body)
		}
		var created []map[string]any
		_ = json.Unmarshal(res.body, &created)
		id, _ := created[0]["service_request_id"].(string)
		caseID, _ := strconv.ParseInt(id, 10, 64)
		c, err := x.b.Cases.Get(ctx, caseID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Channel != cases.Open311 || c.NeighborhoodID != x.hoodA.ID || c.PlaceID != x.building.ID || c.ReporterID != 0 ||
			c.Category != "facilities" || *c.Lat != 31.2304 || c.LeadUnitID != 0 {
			t.Fatalf("the case: %+v", c)
		}

		x.now = x.now.Add(time.Hour)
		committee := cases.Actor{UserID: 0, Roles: []cases.Role{cases.RoleSupervisor}}
		if _, err := x.b.Cases.Move(ctx, caseID, committee, cases.Acknowledge, cases.MoveInput{Note: "已联系王阿姨"}); err != nil {
			t.Fatal(err)
		}
		x.now = x.now.Add(time.Hour)
		if _, err := x.b.Cases.Move(ctx, caseID, committee, cases.Assign, cases.MoveInput{LeadUnitID: x.property.ID}); err != nil {
			t.Fatal(err)
		}

		anyone := x.get(t, "requests/"+id+".json")[0]
		want := map[string]any{"service_request_id": id, "status": "open", "service_code": "facilities", "service_name": "设施",
			"agency_responsible": "绿城物业", "status_notes": "已派给处理单位", "address": "甲小区, 测试街道, 测试区",
			"address_id": strconv.FormatInt(x.hoodA.ID, 10), "description": nil, "lat": nil, "long": nil,
			"requested_datetime": "2026-03-02T09:00:00+08:00", "updated_datetime": "2026-03-02T11:00:00+08:00"}
		for k, v := range want {
			if anyone[k] != v {
				t.Errorf("anyone sees %s = %v, want %v", k, anyone[k], v)
			}
		}

		partner := x.get(t, "requests/"+id+".json?api_key="+x.key)[0]
		if partner["description"] != c.Description || partner["lat"] != 31.2304 || partner["address"] != "1号楼, 甲小区, 测试街道, 测试区" ||
			partner["address_id"] != strconv.FormatInt(x.building.ID, 10) || partner["status_notes"] != "已派给处理单位" {
			t.Errorf("the partner sees %v", partner)
		}
		x.now = x.now.Add(time.Hour)
		if _, err := x.b.Cases.Move(ctx, caseID, committee, cases.Resolve, cases.MoveInput{Note: "已更换灯泡"}); err != nil {
			t.Fatal(err)
		}
		if got := x.get(t, "requests/"+id+".json?api_key="+x.key)[0]; got["status"] != "open" || got["status_notes"] != "已更换灯泡" {
			t.Errorf("resolved, awaiting the resident: status %v, notes %v", got["status"], got["status_notes"])
		}

		// Every JSON document from the real backend passes the published schemas too.
		for path, schema := range map[string]string{"services.json": "services.json", "services/facilities.json": "service-definition.json",
			"requests.json": "requests.json", "requests.json?api_key=" + x.key: "requests.json"} {
			r := do(t, x.h, "GET", "/open311/v2/"+path, nil)
			if r.status != 400 { // two districts: jurisdiction_id is required
				t.Errorf("%s without jurisdiction_id: %d", path, r.status)
			}
			r = do(t, x.h, "GET", "/open311/v2/"+path+map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")]+"jurisdiction_id=test.gov.cn", nil)
			if p := schemas.validate(schema, r.body, true); len(p) > 0 {
				t.Errorf("%s: %v\n%s", path, p, r.body)
			}
		}

		list := x.get(t, "requests.json")
		if len(list) != 1 || list[0]["service_request_id"] != id {
			t.Errorf("the district's list holds %v (another district's case must not show)", list)
		}
		if l := x.get(t, "requests.json?service_request_id="+id+","+strconv.FormatInt(x.otherDistCase, 10)); len(l) != 1 {
			t.Errorf("ids across districts: %v", l)
		}
		if l := x.get(t, "requests.json?status=closed"); len(l) != 0 {
			t.Errorf("closed: %v", l)
		}
		if l := x.get(t, "requests.json?service_code=noise,parking"); len(l) != 0 {
			t.Errorf("other categories: %v", l)
		}
		if l := x.get(t, "requests.json?service_code=noise,facilities&status=open"); len(l) != 1 {
			t.Errorf("categories and status: %v", l)
		}
		if l := x.get(t, "requests.json?end_date=2026-03-01T00:00:00%2B08:00"); len(l) != 0 {
			t.Errorf("before it was filed: %v", l)
		}

		if tok := x.get(t, "tokens/"+c.Token+".json")[0]; tok["service_request_id"] != id || tok["token"] != c.Token {
			t.Errorf("token: %v", tok)
		}

		anyUpdates := x.get(t, "servicerequestupdates.json?start_date=2026-03-02T00:00:00%2B08:00")
		var statuses, descs []string
		for _, u := range anyUpdates {
			statuses = append(statuses, u["status"].(string))
			descs = append(descs, u["description"].(string))
		}
		if strings.Join(statuses, " ") != "open investigating action_scheduled fixed" {
			t.Errorf("update statuses %v", statuses)
		}
		if strings.Contains(strings.Join(descs, "|"), "王阿姨") {
			t.Errorf("anyone read a handler's note: %v", descs)
		}
		partnerUpdates := x.get(t, "servicerequestupdates.json?start_date=2026-03-02T00:00:00%2B08:00&api_key="+x.key)
		if len(partnerUpdates) != 4 || partnerUpdates[1]["description"] != "已联系王阿姨" || partnerUpdates[1]["service_request_id"] != id {
			t.Errorf("partner updates %v", partnerUpdates)
		}

		var audited int
		_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'open311.request_created' AND object_id = ?`, caseID).Scan(&audited)
		if audited != 1 {
			t.Errorf("the filing partner is not in the audit log")
		}
	})
}

func TestOpen311FindsTheNeighborhood(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		x := newDistrict(t, d)
		hoodA, hoodB, bld := strconv.FormatInt(x.hoodA.ID, 10), strconv.FormatInt(x.hoodB.ID, 10), strconv.FormatInt(x.building.ID, 10)
		base := func() url.Values {
			return url.Values{"service_code": {"noise"}, "address_string": {"甲小区门口"}, "description": {"半夜施工"}}
		}
		for _, c := range []struct {
			name   string
			set    map[string]string
			status int
		}{
			{"by the neighborhood attribute", map[string]string{"attribute[neighborhood]": hoodB}, 200},
			{"by a building's address_id", map[string]string{"address_id": bld}, 200},
			{"both, agreeing", map[string]string{"attribute[neighborhood]": hoodA, "address_id": bld}, 200},
			{"both, disagreeing", map[string]string{"attribute[neighborhood]": hoodB, "address_id": bld}, 400},
			{"neither", nil, 400},
			{"a street is no neighborhood", map[string]string{"attribute[neighborhood]": strconv.FormatInt(x.hoodA.ParentID, 10)}, 400},
			{"another district's place", map[string]string{"address_id": strconv.FormatInt(x.other.ID, 10)}, 400},
			{"nonsense", map[string]string{"address_id": "abc"}, 400},
			{"no description", map[string]string{"attribute[neighborhood]": hoodA, "description": ""}, 400},
			{"unknown service", map[string]string{"attribute[neighborhood]": hoodA, "service_code": "potholes"}, 404},
		} {
			t.Run(c.name, func(t *testing.T) {
				form := base()
				for k, v := range c.set {
					form.Set(k, v)
				}
				if res := x.post(t, form); res.status != c.status {
					t.Errorf("%d, want %d: %s", res.status, c.status, res.body)
				}
			})
		}
		if res := do(t, x.h, "POST", "/open311/v2/requests.xml?jurisdiction_id=other.gov.cn", url.Values{"api_key": {x.key},
			"service_code": {"noise"}, "address_id": {hoodA}, "description": {"x"}}); res.status != 403 {
			t.Errorf("a key used in another district's jurisdiction: %d, want 403", res.status)
		}
		if res := do(t, x.h, "GET", "/open311/v2/services.xml?jurisdiction_id=nowhere.gov.cn", nil); res.status != 404 {
			t.Errorf("unknown jurisdiction: %d", res.status)
		}
	})
}

func TestDistrictsAreJurisdictionsByDefault(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		x := newDistrict(t, d)
		x.b.Jurisdictions = nil
		if _, err := x.b.Jurisdiction(ctx, ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("two districts, none named: %v", err)
		}
		j, err := x.b.Jurisdiction(ctx, strconv.FormatInt(x.dist.ID, 10))
		if err != nil || j.DistrictID != x.dist.ID {
			t.Fatalf("by place id: %+v %v", j, err)
		}
		if _, err := x.b.Jurisdiction(ctx, "test.gov.cn"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("a name that is not configured: %v", err)
		}
		third, err := org.NewStore(d).CreatePlace(ctx, d, 0, org.District, "新区")
		if err != nil {
			t.Fatal(err)
		}
		if j, err := x.b.Jurisdiction(ctx, strconv.FormatInt(third.ID, 10)); err != nil || j.DistrictID != third.ID {
			t.Fatalf("a district added a moment ago: %+v %v", j, err)
		}
	})
}
