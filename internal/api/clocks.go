package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/clocks"
	"github.com/linli-dev/linli/internal/httpx"
)

// clockRoutes are the clocks' endpoints.
func (a *API) clockRoutes() []Route {
	return append([]Route{
		{"GET", "/api/v1/districts/{id}/clocks", "A district's working calendar, deadlines, patrol times and closing rules", true, "", "ClockSettings", 200, a.clockSettings},
		{"PUT", "/api/v1/districts/{id}/clocks", "Change a district's clocks; fields left out keep their value", true, "ClockSettingsInput", "ClockSettings", 200, a.saveClockSettings},
	}, a.patrolRoutes()...)
}

func init() {
	in := map[string]string{"weekdays": "array", "hours": "array", "holidays": "array", "workdays": "array", "respond_hours": "integer",
		"resolve_hours": "object", "escalate_street_hours": "integer", "escalate_district_hours": "integer", "patrol_times": "array",
		"due_soon_hours": "integer", "auto_close_days": "integer", "follow_up_days": "integer"}
	out := map[string]string{"district_id": "integer", "updated_at": "string"}
	for k, v := range in {
		out[k] = v
	}
	schemas["ClockSettingsInput"], schemas["ClockSettings"] = in, out
}

// clocksJSON is the settings on the wire: lists as arrays, times as "08:30".
type clocksJSON struct {
	DistrictID            int64          `json:"district_id,omitempty"`
	Weekdays              []int          `json:"weekdays"`
	Hours                 []string       `json:"hours"`
	Holidays              []string       `json:"holidays"`
	Workdays              []string       `json:"workdays"`
	RespondHours          int            `json:"respond_hours"`
	ResolveHours          map[string]int `json:"resolve_hours"`
	EscalateStreetHours   int            `json:"escalate_street_hours"`
	EscalateDistrictHours int            `json:"escalate_district_hours"`
	PatrolTimes           []string       `json:"patrol_times"`
	DueSoonHours          int            `json:"due_soon_hours"`
	AutoCloseDays         int            `json:"auto_close_days"`
	FollowUpDays          int            `json:"follow_up_days"`
	UpdatedAt             *time.Time     `json:"updated_at,omitempty"`
}

func clocksView(s *clocks.Settings) clocksJSON {
	in := s.Input()
	v := clocksJSON{DistrictID: s.DistrictID, Weekdays: in.Weekdays, Hours: split(in.Hours), Holidays: split(in.Holidays),
		Workdays: split(in.Workdays), RespondHours: in.RespondHours, ResolveHours: in.ResolveHours,
		EscalateStreetHours: in.EscalateStreetHours, EscalateDistrictHours: in.EscalateDistrictHours, PatrolTimes: split(in.PatrolTimes),
		DueSoonHours: in.DueSoonHours, AutoCloseDays: in.AutoCloseDays, FollowUpDays: in.FollowUpDays}
	if !s.UpdatedAt.IsZero() {
		t := s.UpdatedAt.UTC()
		v.UpdatedAt = &t
	}
	return v
}

func split(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func (v clocksJSON) input() clocks.Input {
	return clocks.Input{Weekdays: v.Weekdays, Hours: strings.Join(v.Hours, ","), Holidays: strings.Join(v.Holidays, ","),
		Workdays: strings.Join(v.Workdays, ","), PatrolTimes: strings.Join(v.PatrolTimes, ","), RespondHours: v.RespondHours,
		ResolveHours: v.ResolveHours, EscalateStreetHours: v.EscalateStreetHours, EscalateDistrictHours: v.EscalateDistrictHours,
		DueSoonHours: v.DueSoonHours, AutoCloseDays: v.AutoCloseDays, FollowUpDays: v.FollowUpDays}
}

func (a *API) clockSettings(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var st *clocks.Settings
	if err == nil {
		st, _, err = a.Svc.ClockSettings(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, clocksView(st), nil)
}

func (a *API) saveClockSettings(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r)
	id, err := pathID(r)
	var cur *clocks.Settings
	if err == nil {
		cur, _, err = a.Svc.ClockSettings(r.Context(), p, id)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	in := clocksView(cur) // fields the body leaves out keep their value
	in.UpdatedAt, in.DistrictID = nil, 0
	if err := decode(r, &in); err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	st, err := a.Svc.SaveClockSettings(r.Context(), p, id, in.input())
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, clocksView(st), nil)
}
