package web

import (
	"net/http"
	"net/url"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/verify"
)

// verifyData drives the two-step verification form: first the neighborhood,
// then building, room and identity.
type verifyData struct {
	Latest        *verify.Request
	Neighborhoods []*org.Place
	Neighborhood  *org.Place
	Buildings     []*org.Place
}

func (w *Web) verifyData(r *http.Request) (*verifyData, error) {
	ctx := r.Context()
	d := &verifyData{}
	if latest, err := w.Svc.MyVerification(ctx, httpx.Principal(r)); err == nil {
		d.Latest = latest
	} else if !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	var err error
	if d.Neighborhoods, err = w.Svc.Neighborhoods(ctx); err != nil {
		return nil, err
	}
	if nid := formInt(r, "neighborhood"); nid != 0 {
		for _, n := range d.Neighborhoods {
			if n.ID == nid {
				d.Neighborhood = n
			}
		}
		if d.Neighborhood != nil {
			if d.Buildings, err = w.Svc.Buildings(ctx, nid); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

func (w *Web) verifyForm(rw http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r)
	if !p.LoggedIn() {
		w.fail(rw, r, "", "verify.title", nil, errs.New(errs.Unauthorized, "login.required"))
		return
	}
	d, err := w.verifyData(r)
	if err != nil {
		w.fail(rw, r, "", "verify.title", nil, err)
		return
	}
	page := w.page(r, "verify.title", d)
	page.Form = url.Values{"neighborhood": {r.URL.Query().Get("neighborhood")}}
	w.render(rw, r, http.StatusOK, "verify", page)
}

func (w *Web) verify(rw http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, "", "verify.title", nil, errNoForm)
		return
	}
	d, err := w.verifyData(r)
	if err != nil {
		w.fail(rw, r, "", "verify.title", nil, err)
		return
	}
	ctx := r.Context()
	household, err := w.Svc.Org.HouseholdByRoom(ctx, formInt(r, "building"), r.PostFormValue("room"))
	if err == nil && household.NeighborhoodID != formInt(r, "neighborhood") {
		err = errs.Field("room", "household.not_found")
	}
	if err != nil {
		w.fail(rw, r, "verify", "verify.title", d, err)
		return
	}
	req, err := w.Svc.SubmitVerification(ctx, httpx.Principal(r), verify.Input{RealName: r.PostFormValue("real_name"),
		IDNumber: r.PostFormValue("id_number"), HouseholdID: household.ID, ClaimsOwner: r.PostFormValue("owner") == "1"})
	if err != nil {
		w.fail(rw, r, "verify", "verify.title", d, err)
		return
	}
	if req.Status == verify.Matched {
		http.Redirect(rw, r, "/?flash=flash.verified", http.StatusSeeOther)
		return
	}
	http.Redirect(rw, r, "/verify?flash=flash.verify_pending", http.StatusSeeOther)
}

// reviewData is the cadre's verification queue, per neighborhood.
type reviewData struct {
	Queues   []reviewQueue
	Revealed *verify.Identity
	RevealID int64
}

type reviewQueue struct {
	Neighborhood *org.Place
	Requests     []*verify.Request
}

func (w *Web) loadQueues(r *http.Request) (*reviewData, error) {
	ctx := r.Context()
	p := httpx.Principal(r)
	scopes, err := w.Svc.ReviewScopes(ctx, p)
	if err != nil {
		return nil, err
	}
	if len(scopes) == 0 {
		return nil, errs.New(errs.Forbidden, "error.forbidden")
	}
	d := &reviewData{}
	for _, n := range scopes {
		reqs, err := w.Svc.VerificationQueue(ctx, p, n.ID)
		if err != nil {
			return nil, err
		}
		d.Queues = append(d.Queues, reviewQueue{Neighborhood: n, Requests: reqs})
	}
	return d, nil
}

func (w *Web) reviewQueue(rw http.ResponseWriter, r *http.Request) {
	d, err := w.loadQueues(r)
	if err != nil {
		w.fail(rw, r, "", "review.title", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "review", w.page(r, "review.title", d))
}

func (w *Web) reviewDecide(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		_, err = w.Svc.DecideVerification(r.Context(), httpx.Principal(r), id, r.PostFormValue("decision") == "approve", r.PostFormValue("reason"))
	}
	if err != nil {
		d, qerr := w.loadQueues(r)
		if qerr != nil {
			w.fail(rw, r, "", "review.title", nil, qerr)
			return
		}
		w.fail(rw, r, "review", "review.title", d, err)
		return
	}
	http.Redirect(rw, r, "/review?flash=flash.decided", http.StatusSeeOther)
}

// reviewReveal shows one request's identity in the clear, on a POST so that a
// link preview or prefetch never writes a personal-data view.
func (w *Web) reviewReveal(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		w.fail(rw, r, "", "review.title", nil, err)
		return
	}
	ident, err := w.Svc.RevealVerification(r.Context(), httpx.Principal(r), id)
	if err != nil {
		w.fail(rw, r, "", "review.title", nil, err)
		return
	}
	d, err := w.loadQueues(r)
	if err != nil {
		w.fail(rw, r, "", "review.title", nil, err)
		return
	}
	d.Revealed, d.RevealID = ident, id
	w.render(rw, r, http.StatusOK, "review", w.page(r, "review.title", d))
}
