package open311

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/i18n"
	"github.com/linli-dev/linli/internal/org"
)

// Cases is the Backend over linli's cases: a jurisdiction is a district, a
// service is a case category, a request is a case, an update is a public
// timeline event.
//
// What everyone sees and what a partner sees differ. The spec makes reads
// public, but in linli only a neighborhood's own people see its board and
// cases, and descriptions and notes may name people. So without a key the
// list says what kind of problem, where (to the neighborhood), who handles
// it, and how far it has come; with a partner's key it also gives the
// description, the building, the coordinates and the handlers' notes.
type Cases struct {
	Cases *cases.Store
	Org   *org.Store
	Keys  *Keys
	Audit *audit.Log
	// Jurisdictions maps jurisdiction_id to a district's place id. Empty
	// serves every district under its place id ("1", "2", ...).
	Jurisdictions map[string]int64
	// Screen is the sensitive-word check the service uses; a request whose
	// text matches opens a case with its text held, as any report's is.
	Screen func(text string) (word string, hit bool)

	mu       sync.Mutex
	cached   map[string]int64 // districts by id, when not configured
	cachedAt time.Time
}

var _ Backend = (*Cases)(nil)

// Jurisdiction resolves a jurisdiction_id. Errors: invalid (none given where
// several are served), not_found.
func (b *Cases) Jurisdiction(ctx context.Context, id string) (Jurisdiction, error) {
	for _, fresh := range []bool{false, true} {
		ids, err := b.districts(ctx, fresh)
		if err != nil {
			return Jurisdiction{}, err
		}
		if d, ok := ids[id]; ok {
			return Jurisdiction{ID: id, DistrictID: d}, nil
		}
		if id == "" && len(ids) == 1 {
			for k, v := range ids {
				return Jurisdiction{ID: k, DistrictID: v}, nil
			}
		}
	}
	if id == "" {
		return Jurisdiction{}, errs.Field("jurisdiction_id", "open311.jurisdiction_required")
	}
	return Jurisdiction{}, errs.New(errs.NotFound, "open311.jurisdiction_unknown")
}

// districtTTL is how long the list of districts is trusted; a miss always
// looks again, so a new district is found at once.
const districtTTL = time.Minute

// districts maps jurisdiction ids to districts: the configured ones, or
// every district under its place id, read at most once a minute.
func (b *Cases) districts(ctx context.Context, fresh bool) (map[string]int64, error) {
	if len(b.Jurisdictions) > 0 {
		return b.Jurisdictions, nil
	}
	b.mu.Lock()
	ids, at := b.cached, b.cachedAt
	b.mu.Unlock()
	if !fresh && ids != nil && time.Since(at) < districtTTL {
		return ids, nil
	}
	roots, err := b.Org.Children(ctx, 0)
	if err != nil {
		return nil, err
	}
	ids = make(map[string]int64, len(roots))
	for _, p := range roots {
		ids[strconv.FormatInt(p.ID, 10)] = p.ID
	}
	b.mu.Lock()
	b.cached, b.cachedAt = ids, time.Now()
	b.mu.Unlock()
	return ids, nil
}

// groups puts the categories in the broader groups the service list shows.
var groups = map[string]string{
	"environment": "environment", "greenery": "environment", "noise": "environment",
	"parking": "order", "safety": "order",
	"facilities": "facilities", "property": "facilities",
	"pets": "community", "elderly": "services", "other": "other",
}

func validCategory(code string) bool { return groups[code] != "" }

// Services lists the case categories, each with one question (which
// neighborhood), so every service has metadata.
func (b *Cases) Services(ctx context.Context, j Jurisdiction) ([]Service, error) {
	lang := Lang(ctx)
	out := make([]Service, 0, len(board.Categories))
	for _, code := range board.Categories {
		out = append(out, Service{
			Code: code, Name: i18n.T(lang, "category."+code), Description: i18n.T(lang, "open311.service."+code),
			Metadata: true, Type: "realtime", Keywords: i18n.T(lang, "open311.keywords."+code),
			Group: i18n.T(lang, "open311.group."+groups[code]),
		})
	}
	return out, nil
}

// Definition asks for the neighborhood: linli's places carry no
// coordinates, so a point alone cannot say whose committee a problem is.
// Errors: not_found.
func (b *Cases) Definition(ctx context.Context, j Jurisdiction, code string) (*Definition, error) {
	if !validCategory(code) {
		return nil, errs.New(errs.NotFound, "open311.service_unknown")
	}
	hoods, err := b.Org.OfKind(ctx, j.DistrictID, org.Neighborhood)
	if err != nil {
		return nil, err
	}
	streets, err := b.Org.OfKind(ctx, j.DistrictID, org.Street)
	if err != nil {
		return nil, err
	}
	streetName := make(map[int64]string, len(streets))
	for _, s := range streets {
		streetName[s.ID] = s.Name
	}
	lang := Lang(ctx)
	a := Attribute{Variable: true, Code: "neighborhood", Datatype: "singlevaluelist", Required: true, Order: 1,
		Description:         i18n.T(lang, "open311.attr_neighborhood"),
		DatatypeDescription: i18n.T(lang, "open311.attr_neighborhood_help")}
	for _, h := range hoods {
		a.Values = append(a.Values, Value{Key: strconv.FormatInt(h.ID, 10), Name: h.Name + " · " + streetName[h.ParentID]})
	}
	return &Definition{Code: code, Attributes: []Attribute{a}}, nil
}

// Authenticate checks a partner's key for the district. Errors: forbidden.
func (b *Cases) Authenticate(ctx context.Context, j Jurisdiction, apiKey string) (Partner, error) {
	return b.Keys.Check(ctx, j.DistrictID, apiKey)
}

// Create opens a case on the open311 channel, with no reporter account: the
// partner keeps its caller's details, which linli does not store.
// Errors: not_found (service), invalid.
func (b *Cases) Create(ctx context.Context, j Jurisdiction, p Partner, r NewRequest) (*Created, error) {
	if !validCategory(r.ServiceCode) {
		return nil, errs.New(errs.NotFound, "open311.service_unknown")
	}
	if r.Description == "" {
		return nil, errs.Field("description", "open311.missing", "description")
	}
	hood, place, err := b.locate(ctx, j, r)
	if err != nil {
		return nil, err
	}
	n := cases.NewCase{NeighborhoodID: hood, PlaceID: place, Category: r.ServiceCode,
		Description: r.Description, Lat: r.Lat, Lng: r.Long, Address: r.AddressString, Channel: cases.Open311}
	if b.Screen != nil {
		if word, hit := b.Screen(n.Description + "\n" + n.Address); hit {
			n.HeldWord = word
		}
	}
	c, err := b.Cases.Open(ctx, n)
	if err != nil {
		return nil, err
	}
	_ = b.Audit.Record(ctx, audit.Entry{Action: "open311.request_created", ObjectType: "case", ObjectID: c.ID,
		DistrictID: c.DistrictID, NeighborhoodID: c.NeighborhoodID, Detail: fmt.Sprintf("key %d (%s)", p.KeyID, p.Name)})
	return &Created{ID: strconv.FormatInt(c.ID, 10)}, nil
}

// locate finds the neighborhood, and the building when address_id names
// one, inside the jurisdiction. Errors: invalid.
func (b *Cases) locate(ctx context.Context, j Jurisdiction, r NewRequest) (hood, place int64, err error) {
	if vs := r.Attributes["neighborhood"]; len(vs) > 0 {
		p, err := b.placeIn(ctx, j, vs[0])
		if err != nil {
			return 0, 0, err
		}
		if p == nil || p.Kind != org.Neighborhood {
			return 0, 0, errs.Field("attribute[neighborhood]", "open311.bad_neighborhood")
		}
		hood = p.ID
	}
	if r.AddressID != "" {
		p, err := b.placeIn(ctx, j, r.AddressID)
		if err != nil {
			return 0, 0, err
		}
		if p == nil || (p.Kind != org.Neighborhood && p.Kind != org.Grid && p.Kind != org.Building) ||
			(hood != 0 && p.NeighborhoodID != hood && p.ID != hood) {
			return 0, 0, errs.Field("address_id", "open311.bad_address_id")
		}
		place = p.ID
		if hood == 0 {
			hood = p.NeighborhoodID
			if p.Kind == org.Neighborhood {
				hood = p.ID
			}
		}
	}
	if hood == 0 {
		return 0, 0, errs.Field("attribute[neighborhood]", "open311.neighborhood_required")
	}
	return hood, place, nil
}

// placeIn reads a place id argument: nil when it names no place of the
// jurisdiction.
func (b *Cases) placeIn(ctx context.Context, j Jurisdiction, s string) (*org.Place, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return nil, nil
	}
	p, err := b.Org.Place(ctx, id)
	if errs.Is(err, errs.NotFound) || (err == nil && p.DistrictID != j.DistrictID) {
		return nil, nil
	}
	return p, err
}

// Token finds the case holding an Open311 token. Errors: not_found.
func (b *Cases) Token(ctx context.Context, j Jurisdiction, token string) (*Created, error) {
	c, err := b.Cases.ByToken(ctx, token)
	if errs.Is(err, errs.NotFound) || (err == nil && c.DistrictID != j.DistrictID) {
		return nil, errs.New(errs.NotFound, "open311.token_unknown")
	}
	if err != nil {
		return nil, err
	}
	return &Created{ID: strconv.FormatInt(c.ID, 10), Token: c.Token}, nil
}
