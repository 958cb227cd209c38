package open311

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/errs"
)

// fakeBackend is a jurisdiction with two services and a few requests, held
// in memory so the protocol is tested apart from cases. It records what the
// handler asked for.
type fakeBackend struct {
	jurisdictions []Jurisdiction
	requests      []Request
	updates       []Update
	lastFilter    Filter
	lastUpdates   UpdateFilter
	lastViewer    *Partner
	created       []NewRequest
}

const goodKey = "o311_good"

func ptr(f float64) *float64 { return &f }

func newFake() *fakeBackend {
	t0 := time.Date(2026, 3, 1, 9, 30, 0, 0, Zone)
	return &fakeBackend{
		jurisdictions: []Jurisdiction{{ID: "xh.example.gov.cn", DistrictID: 1}},
		requests: []Request{
			{ID: "101", Status: Open, StatusNotes: "已受理", ServiceName: "环境卫生", ServiceCode: "environment",
				Description: "楼道里堆了<旧家具>&杂物", Agency: "甲小区居委会", Requested: t0, Updated: t0.Add(time.Hour),
				Expected: t0.Add(48 * time.Hour), Address: "1号楼, 甲小区, 测试街道, 测试区", AddressID: "7",
				Lat: ptr(31.1880), Long: ptr(121.4370)},
			{ID: "102", Status: Closed, ServiceName: "停车", ServiceCode: "parking", Requested: t0.Add(-24 * time.Hour),
				Updated: t0, MediaURL: "https://example.org/p/102.jpg"},
		},
		updates: []Update{
			{ID: "9001", RequestID: "101", Status: "investigating", Updated: t0.Add(time.Hour), Description: "已派物业处理"},
		},
	}
}

func (f *fakeBackend) Jurisdiction(_ context.Context, id string) (Jurisdiction, error) {
	if id == "" {
		if len(f.jurisdictions) == 1 {
			return f.jurisdictions[0], nil
		}
		return Jurisdiction{}, errs.Field("jurisdiction_id", "open311.jurisdiction_required")
	}
	for _, j := range f.jurisdictions {
		if j.ID == id {
			return j, nil
		}
	}
	return Jurisdiction{}, errs.New(errs.NotFound, "open311.jurisdiction_unknown")
}

func (f *fakeBackend) Services(context.Context, Jurisdiction) ([]Service, error) {
	return []Service{
		{Code: "environment", Name: "环境卫生", Description: "垃圾、卫生", Metadata: true, Type: "realtime", Keywords: "垃圾,卫生", Group: "环境"},
		{Code: "parking", Name: "停车", Metadata: false, Type: "realtime"},
	}, nil
}

func (f *fakeBackend) Definition(_ context.Context, _ Jurisdiction, code string) (*Definition, error) {
	if code != "environment" {
		return nil, errs.New(errs.NotFound, "open311.service_unknown")
	}
	return &Definition{Code: code, Attributes: []Attribute{
		{Variable: true, Code: "neighborhood", Datatype: "singlevaluelist", Required: true, Order: 1, Description: "哪个小区？",
			Values: []Value{{Key: "3", Name: "甲小区"}, {Key: "4", Name: "乙小区"}}},
		{Variable: false, Code: "note", Datatype: "text", Order: 2, Description: "请勿填写个人信息。"},
	}}, nil
}

func (f *fakeBackend) Authenticate(_ context.Context, j Jurisdiction, key string) (Partner, error) {
	if key != goodKey {
		return Partner{}, errs.New(errs.Forbidden, "open311.key_invalid")
	}
	return Partner{KeyID: 1, Name: "Acme", DistrictID: j.DistrictID}, nil
}

func (f *fakeBackend) Create(_ context.Context, _ Jurisdiction, _ Partner, r NewRequest) (*Created, error) {
	if r.ServiceCode != "environment" && r.ServiceCode != "parking" {
		return nil, errs.New(errs.NotFound, "open311.service_unknown")
	}
	f.created = append(f.created, r)
	return &Created{ID: strconv.Itoa(200 + len(f.created))}, nil
}

func (f *fakeBackend) Requests(_ context.Context, _ Jurisdiction, v *Partner, flt Filter) ([]Request, error) {
	f.lastFilter, f.lastViewer = flt, v
	var out []Request
	for _, r := range f.requests {
		if flt.IDs != nil {
			if slices.Contains(flt.IDs, r.ID) {
				out = append(out, r)
			}
			continue
		}
		if (len(flt.Statuses) == 0 || slices.Contains(flt.Statuses, r.Status)) &&
			(len(flt.ServiceCodes) == 0 || slices.Contains(flt.ServiceCodes, r.ServiceCode)) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *fakeBackend) Request(_ context.Context, _ Jurisdiction, v *Partner, id string) (*Request, error) {
	f.lastViewer = v
	for _, r := range f.requests {
		if r.ID == id {
			return &r, nil
		}
	}
	return nil, errs.New(errs.NotFound, "open311.request_unknown")
}

func (f *fakeBackend) Token(_ context.Context, _ Jurisdiction, token string) (*Created, error) {
	if token != "tok101" {
		return nil, errs.New(errs.NotFound, "open311.token_unknown")
	}
	return &Created{ID: "101", Token: token}, nil
}

func (f *fakeBackend) Updates(_ context.Context, _ Jurisdiction, v *Partner, flt UpdateFilter) ([]Update, error) {
	f.lastUpdates, f.lastViewer = flt, v
	return f.updates, nil
}
