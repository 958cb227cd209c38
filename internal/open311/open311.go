// Package open311 is linli's Open311 GeoReport v2 surface at /open311/v2/:
// discovery, the service list (our case categories), service definitions,
// posting a request with a partner's api_key, reading requests back, tokens,
// and mySociety's servicerequestupdates extension so partner systems can
// follow a case to its end. Everything the protocol says (paths, formats,
// element names, dates, errors and their status codes) lives here; what a
// request means in linli lives behind Backend, so the protocol is tested on
// its own.
package open311

import (
	"context"
	"time"
)

// Zone is the offset every time is written in. China keeps one zone and no
// daylight saving, so a fixed +08:00 is exact.
var Zone = time.FixedZone("CST", 8*3600)

// MaxRequests is the spec's default cap on a request list ("the first 1000").
const MaxRequests = 1000

// MaxSpan is the longest start_date..end_date window the spec allows.
const MaxSpan = 90 * 24 * time.Hour

// Jurisdiction is what a jurisdiction_id names: for linli, one district.
type Jurisdiction struct {
	ID         string // the jurisdiction_id clients send
	DistrictID int64
}

// Partner is the holder of an api_key, known once the key checks out.
type Partner struct {
	KeyID      int64
	Name       string
	DistrictID int64
}

// Service is one service type: for linli, a case category.
type Service struct {
	Code        string
	Name        string
	Description string
	Metadata    bool   // true: clients must read the service definition
	Type        string // "realtime", "batch" or "blackbox"
	Keywords    string // comma-separated
	Group       string
}

// Definition is a service's extra questions.
type Definition struct {
	Code       string
	Attributes []Attribute
}

// Attribute is one question of a service definition.
type Attribute struct {
	Variable            bool
	Code                string
	Datatype            string // string, number, datetime, text, singlevaluelist, multivaluelist
	Required            bool
	DatatypeDescription string
	Order               int
	Description         string
	Values              []Value
}

// Value is one choice of a list attribute.
type Value struct{ Key, Name string }

// NewRequest is a POSTed service request, parsed and checked for the
// protocol's rules (a service code, a location, lat with long); the backend
// checks what only it knows.
type NewRequest struct {
	ServiceCode   string
	Lat, Long     *float64 // WGS84; both or neither
	AddressString string
	AddressID     string
	Attributes    map[string][]string // attribute[CODE] and attribute[CODE][]
	Email         string
	DeviceID      string
	AccountID     string
	FirstName     string
	LastName      string
	Phone         string
	Description   string
	MediaURLs     []string
}

// Created is what POST requests returns: an id for realtime services, a token
// for batch ones, never both.
type Created struct {
	ID        string
	Token     string
	Notice    string
	AccountID string
}

// Request is a service request as the list and the single GET show it.
type Request struct {
	ID          string
	Status      string // "open" or "closed"
	StatusNotes string
	ServiceName string
	ServiceCode string
	Description string
	Agency      string
	Notice      string
	Requested   time.Time
	Updated     time.Time
	Expected    time.Time // zero when there is no deadline
	Address     string
	AddressID   string
	Zipcode     string
	Lat, Long   *float64
	MediaURL    string
}

// Status values of the spec.
const (
	Open   = "open"
	Closed = "closed"
)

// Filter selects requests for GET requests. When IDs is set it overrides
// everything else, as the spec says. Start and End are always set (the
// handler applies the 90-day default); Limit is at most MaxRequests.
type Filter struct {
	IDs          []string
	ServiceCodes []string
	Statuses     []string
	Start, End   time.Time
	Limit        int
}

// Update is one status update of the servicerequestupdates extension.
type Update struct {
	ID          string
	RequestID   string
	Status      string // lower case: open, closed, in_progress, investigating, ...
	Updated     time.Time
	Description string
	MediaURL    string
}

// UpdateFilter selects updates by when they happened.
type UpdateFilter struct {
	Start, End time.Time
	Limit      int
}

// Backend is what the protocol needs from linli. Errors are *errs.Error:
// not_found becomes 404, forbidden and unauthorized 403, anything else 400.
type Backend interface {
	// Jurisdiction resolves a jurisdiction_id; "" is allowed only when the
	// endpoint serves one jurisdiction (invalid otherwise; not_found when unknown).
	Jurisdiction(ctx context.Context, id string) (Jurisdiction, error)
	Services(ctx context.Context, j Jurisdiction) ([]Service, error)
	Definition(ctx context.Context, j Jurisdiction, code string) (*Definition, error)
	// Authenticate checks a partner's api_key for the jurisdiction (forbidden when it does not hold).
	Authenticate(ctx context.Context, j Jurisdiction, apiKey string) (Partner, error)
	Create(ctx context.Context, j Jurisdiction, p Partner, r NewRequest) (*Created, error)
	// The reads are public, as the spec has them; viewer is the partner when
	// a valid api_key came along (nil otherwise), for a backend that shows
	// partners more than it shows everyone.
	Requests(ctx context.Context, j Jurisdiction, viewer *Partner, f Filter) ([]Request, error)
	Request(ctx context.Context, j Jurisdiction, viewer *Partner, id string) (*Request, error)
	Token(ctx context.Context, j Jurisdiction, token string) (*Created, error)
	Updates(ctx context.Context, j Jurisdiction, viewer *Partner, f UpdateFilter) ([]Update, error)
}
