package api

import (
	"time"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/service"
)

// caseJSON is a case on the wire. Public views leave out the people behind
// it: reporter_id, entered_by and assignee_id are 0 and omitted.
type caseJSON struct {
	ID             int64      `json:"id"`
	Token          string     `json:"token"`
	State          string     `json:"state"`
	Level          string     `json:"level"`
	Category       string     `json:"category"`
	Title          string     `json:"title"`
	Description    string     `json:"description"`
	NeighborhoodID int64      `json:"neighborhood_id"`
	PlaceID        int64      `json:"place_id"`
	TopicID        int64      `json:"topic_id,omitempty"`
	Address        string     `json:"address,omitempty"`
	Lat            *float64   `json:"lat,omitempty"`
	Lng            *float64   `json:"lng,omitempty"`
	Channel        string     `json:"channel"`
	Reporter       string     `json:"reporter"`
	ReporterID     int64      `json:"reporter_id,omitempty"`
	EnteredBy      int64      `json:"entered_by,omitempty"`
	LeadUnitID     int64      `json:"lead_unit_id"`
	LeadUnit       string     `json:"lead_unit,omitempty"`
	AssigneeID     int64      `json:"assignee_id,omitempty"`
	RespondBy      *time.Time `json:"respond_by,omitempty"`
	ResolveBy      *time.Time `json:"resolve_by,omitempty"`
	DueAt          *time.Time `json:"due_at,omitempty"`
	Overdue        bool       `json:"overdue"`
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
	ResolvedAt     *time.Time `json:"resolved_at,omitempty"`
	ClosedAt       *time.Time `json:"closed_at,omitempty"`
	Rating         int        `json:"rating,omitempty"`
	RatingComment  string     `json:"rating_comment,omitempty"`
	Reopens        int        `json:"reopens"`
	Version        int64      `json:"version"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	Held           bool       `json:"held,omitempty"`      // text held by the sensitive-word list
	HeldWord       string     `json:"held_word,omitempty"` // the word, for its author and the staff
}

func when(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func caseView(c *cases.Case, units map[int64]*org.Unit, now time.Time) caseJSON {
	v := caseJSON{ID: c.ID, Token: c.Token, State: string(c.State), Level: c.Level, Category: c.Category, Title: c.Title,
		Description: c.Description, NeighborhoodID: c.NeighborhoodID, PlaceID: c.PlaceID, TopicID: c.TopicID, Address: c.Address,
		Lat: c.Lat, Lng: c.Lng, Channel: string(c.Channel), Reporter: c.ReporterName, ReporterID: c.ReporterID, EnteredBy: c.EnteredBy,
		LeadUnitID: c.LeadUnitID, AssigneeID: c.AssigneeID, RespondBy: when(c.RespondBy), ResolveBy: when(c.ResolveBy),
		DueAt: when(c.DueAt), Overdue: c.Overdue(now), AcknowledgedAt: when(c.AcknowledgedAt), ResolvedAt: when(c.ResolvedAt),
		ClosedAt: when(c.ClosedAt), Rating: c.Rating, RatingComment: c.RatingComment, Reopens: c.Reopens, Version: c.Version,
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()}
	if u := units[c.LeadUnitID]; u != nil {
		v.LeadUnit = u.Name
	}
	v.Held, v.HeldWord = heldView(c.HeldWord)
	return v
}

type eventJSON struct {
	ID        int64            `json:"id"`
	Kind      string           `json:"kind"`
	From      string           `json:"from,omitempty"`
	To        string           `json:"to,omitempty"`
	Actor     string           `json:"actor,omitempty"`
	Note      string           `json:"note,omitempty"`
	UnitID    int64            `json:"unit_id,omitempty"`
	Photos    []map[string]any `json:"photos"`
	Public    bool             `json:"public"`
	CreatedAt time.Time        `json:"created_at"`
	Held      bool             `json:"held,omitempty"`
	HeldWord  string           `json:"held_word,omitempty"`
}

func eventView(e *cases.Event) eventJSON {
	v := eventJSON{ID: e.ID, Kind: e.Kind, From: string(e.From), To: string(e.To), Actor: e.ActorName, Note: e.Note, UnitID: e.UnitID,
		Photos: make([]map[string]any, 0, len(e.Photos)), Public: e.Public(), CreatedAt: e.CreatedAt.UTC()}
	v.Held, v.HeldWord = heldView(e.HeldWord)
	for _, p := range e.Photos {
		v.Photos = append(v.Photos, map[string]any{"url": "/photos/" + p.Key, "thumb_url": "/photos/" + p.ThumbKey, "width": p.Width, "height": p.Height})
	}
	return v
}

func caseListView(l *service.CaseList, now time.Time) map[string]any {
	items := make([]caseJSON, 0, len(l.Cases))
	for _, c := range l.Cases {
		items = append(items, caseView(c, l.Units, now))
	}
	out := map[string]any{"items": items}
	if l.Next != "" {
		out["next_cursor"] = string(l.Next)
	}
	return out
}

func caseDetailView(v *service.CaseView, now time.Time) map[string]any {
	units := map[int64]*org.Unit{}
	if v.LeadUnit != nil {
		units[v.LeadUnit.ID] = v.LeadUnit
	}
	handlers := make([]map[string]any, 0, len(v.Handlers))
	for _, h := range v.Handlers {
		m := map[string]any{"unit_id": 0, "name": "", "lead": h.Lead}
		if h.Unit != nil {
			m["unit_id"], m["name"] = h.Unit.ID, h.Unit.Name
		}
		handlers = append(handlers, m)
	}
	events := make([]eventJSON, 0, len(v.Events))
	for _, e := range v.Events {
		events = append(events, eventView(e))
	}
	actions := make([]string, 0, len(v.Actions))
	for _, a := range v.Actions {
		actions = append(actions, string(a))
	}
	return map[string]any{"case": caseView(v.Case, units, now), "timeline": events, "handlers": handlers, "actions": actions,
		"full": v.Staff, "can_note": v.CanNote, "can_supervise": v.CanSupervise, "can_rate": v.CanRate,
		"can_release": v.CanRelease}
}
