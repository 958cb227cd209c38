package api

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/service"
	"github.com/linli-dev/linli/internal/verify"
)

func (a *API) register(w http.ResponseWriter, r *http.Request) {
	var in struct{ Phone, Password, Nickname, Lang string }
	if err := decode(r, &in); err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	u, err := a.Svc.Register(r.Context(), account.Registration{Phone: in.Phone, Password: in.Password, Nickname: in.Nickname, Lang: in.Lang})
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, userView(u), nil)
}

func (a *API) login(w http.ResponseWriter, r *http.Request) {
	var in struct{ Phone, Password string }
	if err := decode(r, &in); err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	u, err := a.Svc.Login(r.Context(), in.Phone, in.Password)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	old := ""
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		old = c.Value
	}
	m := audit.MetaFrom(r.Context())
	token, err := a.Svc.Accounts.StartSession(r.Context(), u.ID, old, m.IP, m.UserAgent)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	httpx.SetSessionCookie(w, r, token, a.Svc.Accounts.SessionMax, a.SecureCookie)
	reply(w, r, http.StatusOK, userView(u), nil)
}

func (a *API) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		_ = a.Svc.Accounts.EndSession(r.Context(), c.Value)
	}
	httpx.ClearSessionCookie(w)
	reply(w, r, http.StatusNoContent, nil, nil)
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request) {
	var in struct{ Phone, Password, Name string }
	if err := decode(r, &in); err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	if in.Name == "" {
		in.Name = "api"
	}
	tok, u, err := a.Svc.CreateToken(r.Context(), in.Phone, in.Password, in.Name)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, map[string]any{"token": tok, "token_type": "Bearer",
		"expires_in": int(account.TokenLife.Seconds()), "user": userView(u)}, nil)
}

// principal returns the logged-in principal or the unauthorized error.
func principal(r *http.Request) (*service.Principal, error) {
	p := httpx.Principal(r)
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	return p, nil
}

func (a *API) me(w http.ResponseWriter, r *http.Request) {
	p, err := principal(r)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	grants := make([]grantJSON, 0, len(p.Actor.Grants))
	for _, g := range p.Actor.Grants {
		grants = append(grants, grantJSON{Role: g.Role, PlaceID: g.PlaceID, UnitID: g.UnitID, HouseholdID: g.HouseholdID})
	}
	unread, err := a.Svc.UnreadCounts(r.Context(), p)
	reply(w, r, http.StatusOK, map[string]any{"user": userView(p.User), "roles": grants,
		"unread": map[string]int{"messages": unread.Messages, "inbox": unread.Inbox}}, err)
}

func (a *API) home(w http.ResponseWriter, r *http.Request) {
	h, err := a.Svc.HomePage(r.Context(), httpx.Principal(r))
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	out := map[string]any{"pending_reviews": h.Pending, "units": unitsView(h.Units)}
	if h.Neighborhood != nil {
		out["neighborhood"] = placeView(h.Neighborhood)
	}
	if h.Verification != nil {
		out["verification"] = verificationView(h.Verification)
	}
	reply(w, r, http.StatusOK, out, nil)
}

func (a *API) neighborhoods(w http.ResponseWriter, r *http.Request) {
	ns, err := a.Svc.Neighborhoods(r.Context())
	reply(w, r, http.StatusOK, map[string]any{"items": placesView(ns)}, err)
}

func (a *API) buildings(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var bs []*org.Place
	if err == nil {
		bs, err = a.Svc.Buildings(r.Context(), id)
	}
	reply(w, r, http.StatusOK, map[string]any{"items": placesView(bs)}, err)
}

func (a *API) households(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var hs []*org.Household
	if err == nil {
		var b *org.Place
		if b, err = a.Svc.Org.Place(r.Context(), id); err == nil && b.Kind != org.Building {
			err = errs.New(errs.NotFound, "place.not_found")
		}
		if err == nil {
			hs, err = a.Svc.Org.Households(r.Context(), id)
		}
	}
	items := make([]map[string]any, 0, len(hs))
	for _, h := range hs {
		items = append(items, map[string]any{"id": h.ID, "room": h.Room, "area_m2": h.Area()})
	}
	reply(w, r, http.StatusOK, map[string]any{"items": items}, err)
}

func (a *API) submitVerification(w http.ResponseWriter, r *http.Request) {
	var in struct {
		RealName    string `json:"real_name"`
		IDNumber    string `json:"id_number"`
		HouseholdID int64  `json:"household_id"`
		Owner       bool   `json:"owner"`
	}
	if err := decode(r, &in); err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	req, err := a.Svc.SubmitVerification(r.Context(), httpx.Principal(r), verify.Input{RealName: in.RealName, IDNumber: in.IDNumber,
		HouseholdID: in.HouseholdID, ClaimsOwner: in.Owner})
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, verificationView(req), nil)
}

func (a *API) myVerification(w http.ResponseWriter, r *http.Request) {
	req, err := a.Svc.MyVerification(r.Context(), httpx.Principal(r))
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, verificationView(req), nil)
}

func (a *API) queue(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var reqs []*verify.Request
	if err == nil {
		reqs, err = a.Svc.VerificationQueue(r.Context(), httpx.Principal(r), id)
	}
	items := make([]verificationJSON, 0, len(reqs))
	for _, q := range reqs {
		items = append(items, verificationView(q))
	}
	reply(w, r, http.StatusOK, map[string]any{"items": items}, err)
}

func (a *API) decide(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Approve bool   `json:"approve"`
		Reason  string `json:"reason"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var req *verify.Request
	if err == nil {
		req, err = a.Svc.DecideVerification(r.Context(), httpx.Principal(r), id, in.Approve, in.Reason)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, verificationView(req), nil)
}

func (a *API) reveal(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var ident *verify.Identity
	if err == nil {
		ident, err = a.Svc.RevealVerification(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	reply(w, r, http.StatusOK, map[string]string{"real_name": ident.RealName, "id_number": ident.IDNumber}, nil)
}

func (a *API) place(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var v *service.PlaceView
	if err == nil {
		v, err = a.Svc.PlacePage(r.Context(), httpx.Principal(r), id, false)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	holders := make([]map[string]any, 0, len(v.Holders))
	for _, h := range v.Holders {
		holders = append(holders, map[string]any{"user_id": h.UserID, "nickname": h.Nickname, "role": h.Role, "place": h.Place})
	}
	reply(w, r, http.StatusOK, map[string]any{"place": placeView(v.Place), "children": placesView(v.Children),
		"units": unitsView(v.Units), "people": holders, "can_manage": v.CanManage, "can_import": v.CanImport}, nil)
}

func (a *API) createPlace(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct{ Name string }
	if err == nil {
		err = decode(r, &in)
	}
	var p *org.Place
	if err == nil {
		p, err = a.Svc.CreatePlace(r.Context(), httpx.Principal(r), id, in.Name)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, placeView(p), nil)
}

func (a *API) createUnit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct{ Kind, Name, Phone string }
	if err == nil {
		err = decode(r, &in)
	}
	var u *org.Unit
	if err == nil {
		u, err = a.Svc.CreateUnit(r.Context(), httpx.Principal(r), id, org.UnitKind(in.Kind), in.Name, in.Phone)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, unitsView([]*org.Unit{u})[0], nil)
}

func (a *API) grantRole(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Phone  string `json:"phone"`
		Role   string `json:"role"`
		UnitID int64  `json:"unit_id"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	if err == nil {
		err = a.Svc.GrantRole(r.Context(), httpx.Principal(r), id, in.Phone, access.Role(in.Role), in.UnitID)
	}
	reply(w, r, http.StatusNoContent, nil, err)
}

func (a *API) startImport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var data []byte
	if err == nil {
		data, err = io.ReadAll(io.LimitReader(r.Body, service.MaxImportBytes+1))
	}
	var importID int64
	if err == nil {
		name := r.URL.Query().Get("filename")
		if name == "" {
			name = "roster.csv"
		}
		importID, err = a.Svc.StartImport(r.Context(), httpx.Principal(r), id, name, data)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	w.Header().Set("Location", "/api/v1/imports/"+strconv.FormatInt(importID, 10))
	reply(w, r, http.StatusAccepted, map[string]any{"id": importID, "status": "running"}, nil)
}

func (a *API) importStatus(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var im *service.Import
	if err == nil {
		im, err = a.Svc.Import(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, map[string]any{"id": im.ID, "place_id": im.PlaceID, "status": im.Status, "total": im.Total,
		"processed": im.Processed, "good": im.Good, "bad": im.Bad, "report": im.Report, "created_at": im.CreatedAt.UTC()}, nil)
}

func (a *API) auditLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	placeID, _ := strconv.ParseInt(q.Get("place"), 10, 64)
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	entries, next, err := a.Svc.AuditLog(r.Context(), httpx.Principal(r), placeID, audit.Filter{Before: before, Action: q.Get("action"), Limit: limit})
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	items := make([]map[string]any, 0, len(entries))
	for _, e := range entries {
		items = append(items, map[string]any{"id": e.ID, "at": e.At.UTC().Format(time.RFC3339), "actor_id": e.ActorID, "actor": e.ActorName,
			"action": e.Action, "object_type": e.ObjectType, "object_id": e.ObjectID, "neighborhood_id": e.NeighborhoodID,
			"ip": e.IP, "request_id": e.RequestID, "detail": e.Detail})
	}
	out := map[string]any{"items": items}
	if next > 0 {
		out["next_before"] = next
	}
	reply(w, r, http.StatusOK, out, nil)
}

func (a *API) updateMe(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Nickname    string `json:"nickname"`
		PartyMember bool   `json:"party_member"`
		ShowBadge   bool   `json:"show_badge"`
	}
	p := httpx.Principal(r)
	err := decode(r, &in)
	if err == nil {
		err = a.Svc.UpdateProfile(r.Context(), p, in.Nickname, in.PartyMember, in.ShowBadge)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	u, err := a.Svc.Accounts.User(r.Context(), p.User.ID)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, userView(u), nil)
}

func (a *API) revokeRole(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var userID int64
	if err == nil {
		if userID, err = strconv.ParseInt(r.PathValue("user"), 10, 64); err != nil {
			err = errs.New(errs.NotFound, "error.bad_id")
		}
	}
	if err == nil {
		err = a.Svc.RevokeRole(r.Context(), httpx.Principal(r), id, userID, access.Role(r.PathValue("role")))
	}
	reply(w, r, http.StatusNoContent, nil, err)
}
