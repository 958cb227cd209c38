package open311

import "time"

// The documents, each in the spec's element order. XML element names and
// the JSON keys come from the same calls (see writer).

// Discovery is the service discovery document.
type Discovery struct {
	Changeset  time.Time
	Contact    string
	KeyService string
	Endpoints  []Endpoint
}

// Endpoint is one API endpoint named by discovery.
type Endpoint struct {
	Specification string
	URL           string
	Changeset     time.Time
	Type          string // "production" or "test"
	Formats       []string
}

// Specification is the token discovery uses for GeoReport v2.
const Specification = "http://wiki.open311.org/GeoReport_v2"

func writeDiscovery(w writer, d *Discovery) {
	w.open("discovery")
	w.time("changeset", d.Changeset)
	w.str("contact", d.Contact)
	w.str("key_service", d.KeyService)
	w.list("endpoints")
	for _, e := range d.Endpoints {
		w.open("endpoint")
		w.str("specification", e.Specification)
		w.str("url", e.URL)
		w.time("changeset", e.Changeset)
		w.str("type", e.Type)
		w.list("formats")
		for _, f := range e.Formats {
			w.str("format", f)
		}
		w.close()
		w.close()
	}
	w.close()
	w.close()
}

func writeServices(w writer, ss []Service) {
	w.list("services")
	for _, s := range ss {
		w.open("service")
		w.str("service_code", s.Code)
		w.str("service_name", s.Name)
		w.opt("description", s.Description)
		w.bool("metadata", s.Metadata)
		w.str("type", s.Type)
		w.opt("keywords", s.Keywords)
		w.opt("group", s.Group)
		w.close()
	}
	w.close()
}

func writeDefinition(w writer, d *Definition) {
	w.open("service_definition")
	w.str("service_code", d.Code)
	w.list("attributes")
	for _, a := range d.Attributes {
		w.open("attribute")
		w.bool("variable", a.Variable)
		w.str("code", a.Code)
		w.str("datatype", a.Datatype)
		w.bool("required", a.Required)
		w.opt("datatype_description", a.DatatypeDescription)
		w.int("order", a.Order)
		w.opt("description", a.Description)
		if a.Datatype == "singlevaluelist" || a.Datatype == "multivaluelist" {
			w.list("values")
			for _, v := range a.Values {
				w.open("value")
				w.str("key", v.Key)
				w.str("name", v.Name)
				w.close()
			}
			w.close()
		}
		w.close()
	}
	w.close()
	w.close()
}

// writeCreated answers POST requests. Absent optional fields are left out,
// as mySociety's reference server does: the spec's published schema for this
// response allows strings only, not null.
func writeCreated(w writer, c *Created) {
	w.list("service_requests")
	w.open("request")
	if c.ID != "" {
		w.str("service_request_id", c.ID)
	} else if c.Token != "" {
		w.str("token", c.Token)
	}
	if c.Notice != "" {
		w.str("service_notice", c.Notice)
	}
	if c.AccountID != "" {
		w.str("account_id", c.AccountID)
	}
	w.close()
	w.close()
}

// writeToken answers GET tokens/{token}: the id once assigned, and the token.
func writeToken(w writer, c *Created) {
	w.list("service_requests")
	w.open("request")
	if c.ID != "" {
		w.str("service_request_id", c.ID)
	}
	w.str("token", c.Token)
	w.close()
	w.close()
}

func writeRequests(w writer, rs []Request) {
	w.list("service_requests")
	for i := range rs {
		r := &rs[i]
		w.open("request")
		w.str("service_request_id", r.ID)
		w.str("status", r.Status)
		w.opt("status_notes", r.StatusNotes)
		w.opt("service_name", r.ServiceName)
		w.str("service_code", r.ServiceCode)
		w.opt("description", r.Description)
		w.opt("agency_responsible", r.Agency)
		w.opt("service_notice", r.Notice)
		w.time("requested_datetime", r.Requested)
		w.time("updated_datetime", r.Updated)
		w.time("expected_datetime", r.Expected)
		w.opt("address", r.Address)
		w.opt("address_id", r.AddressID)
		w.opt("zipcode", r.Zipcode)
		w.num("lat", r.Lat)
		w.num("long", r.Long)
		w.opt("media_url", r.MediaURL)
		w.close()
	}
	w.close()
}

// writeUpdates answers GET servicerequestupdates in mySociety's shape, where
// media_url is required and empty when there is none.
func writeUpdates(w writer, us []Update) {
	w.list("service_request_updates")
	for i := range us {
		u := &us[i]
		w.open("request_update")
		w.str("update_id", u.ID)
		w.str("service_request_id", u.RequestID)
		w.str("status", u.Status)
		w.time("updated_datetime", u.Updated)
		w.str("description", u.Description)
		w.str("media_url", u.MediaURL)
		w.close()
	}
	w.close()
}

// apiError is one entry of the spec's error document.
type apiError struct {
	Code        int
	Description string
}

func writeErrors(w writer, es []apiError) {
	w.list("errors")
	for _, e := range es {
		w.open("error")
		w.int("code", e.Code)
		w.str("description", e.Description)
		w.close()
	}
	w.close()
}
