package open311

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/errs"
)

// parseTime reads a W3C-DTF date-time. The spec makes the zone mandatory, so
// "2026-03-01T09:00:00" is refused rather than guessed; a bare date
// ("2026-03-01") means its midnight in Zone.
func parseTime(field, s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", s, Zone); err == nil {
		return t, nil
	}
	return time.Time{}, errs.Field(field, "open311.bad_date", field)
}

// splitList reads a comma-separated argument, dropping empty items.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// window applies the spec's date rules: both ends optional, the default the
// most recent 90 days, never a span over 90 days, start not after end.
func window(q url.Values, now time.Time) (start, end time.Time, err error) {
	var hasStart, hasEnd bool
	if s := q.Get("start_date"); s != "" {
		if start, err = parseTime("start_date", s); err != nil {
			return
		}
		hasStart = true
	}
	if s := q.Get("end_date"); s != "" {
		if end, err = parseTime("end_date", s); err != nil {
			return
		}
		hasEnd = true
	}
	switch {
	case !hasStart && !hasEnd:
		end = now
		start = end.Add(-MaxSpan)
	case !hasEnd:
		end = start.Add(MaxSpan)
	case !hasStart:
		start = end.Add(-MaxSpan)
	}
	if end.Before(start) {
		return start, end, errs.Field("end_date", "open311.dates_reversed")
	}
	if end.Sub(start) > MaxSpan {
		return start, end, errs.Field("end_date", "open311.span_too_long", 90)
	}
	return start, end, nil
}

// MaxDescription is the spec's limit on a request's description.
const MaxDescription = 4000

// parseNewRequest reads a POSTed request's form and checks the protocol's
// rules, returning every problem at once (the spec's errors are a list).
func parseNewRequest(form url.Values) (NewRequest, []error) {
	var problems []error
	get := func(k string) string { return strings.TrimSpace(form.Get(k)) }
	r := NewRequest{
		ServiceCode:   get("service_code"),
		AddressString: get("address_string"),
		AddressID:     get("address_id"),
		Email:         get("email"),
		DeviceID:      get("device_id"),
		AccountID:     get("account_id"),
		FirstName:     get("first_name"),
		LastName:      get("last_name"),
		Phone:         get("phone"),
		Description:   strings.TrimSpace(strings.ReplaceAll(form.Get("description"), "\r\n", "\n")),
	}
	if r.ServiceCode == "" {
		problems = append(problems, errs.Field("service_code", "open311.missing", "service_code"))
	}
	lat, long := get("lat"), get("long")
	switch {
	case lat == "" && long == "":
	case lat == "" || long == "":
		problems = append(problems, errs.Field("lat", "open311.lat_long_together"))
	default:
		la, err1 := strconv.ParseFloat(lat, 64)
		lo, err2 := strconv.ParseFloat(long, 64)
		if err1 != nil || err2 != nil || math.IsNaN(la) || math.IsNaN(lo) || la < -90 || la > 90 || lo < -180 || lo > 180 {
			problems = append(problems, errs.Field("lat", "open311.bad_coordinates"))
		} else {
			r.Lat, r.Long = &la, &lo
		}
	}
	if lat == "" && long == "" && r.AddressString == "" && r.AddressID == "" {
		problems = append(problems, errs.Field("address_string", "open311.location_required"))
	}
	if utf8.RuneCountInString(r.Description) > MaxDescription {
		problems = append(problems, errs.Field("description", "open311.too_long", "description", MaxDescription))
	}
	for _, u := range form["media_url"] {
		if u = strings.TrimSpace(u); u == "" {
			continue
		}
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			problems = append(problems, errs.Field("media_url", "open311.bad_media_url"))
			continue
		}
		r.MediaURLs = append(r.MediaURLs, u)
	}
	r.Attributes = attributes(form)
	return r, problems
}

// attributes collects attribute[CODE]=v and attribute[CODE][]=v (the
// multivaluelist form) into one map.
func attributes(form url.Values) map[string][]string {
	var out map[string][]string
	for k, vs := range form {
		code, ok := strings.CutPrefix(k, "attribute[")
		if !ok {
			continue
		}
		code = strings.TrimSuffix(code, "[]")
		code, ok = strings.CutSuffix(code, "]")
		if !ok || code == "" {
			continue
		}
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" {
				if out == nil {
					out = map[string][]string{}
				}
				out[code] = append(out[code], v)
			}
		}
	}
	return out
}
