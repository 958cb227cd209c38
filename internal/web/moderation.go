package web

import (
	"net/http"
	"strconv"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/inbox"
	"github.com/linli-dev/linli/internal/org"
)

// moderate handles a cadre's form on a topic page or the queue.
func (w *Web) moderate(target string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		id, err := idParam(r, "id")
		if err == nil {
			err = r.ParseForm()
		}
		if err == nil {
			err = w.Svc.Moderate(r.Context(), httpx.Principal(r), target, id, r.PostFormValue("action"), r.PostFormValue("reason"),
				formInt(r, "section"))
		}
		if err != nil {
			w.fail(rw, r, "", "moderation.title", nil, err)
			return
		}
		http.Redirect(rw, r, safeNext(r.PostFormValue("next"))+"?flash=flash.moderated", http.StatusSeeOther)
	}
}

func (w *Web) report(target string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		id, err := idParam(r, "id")
		if err == nil {
			err = r.ParseForm()
		}
		if err == nil {
			err = w.Svc.Report(r.Context(), httpx.Principal(r), target, id, r.PostFormValue("reason"))
		}
		if err != nil {
			w.fail(rw, r, "", "board.title", nil, err)
			return
		}
		http.Redirect(rw, r, safeNext(r.PostFormValue("next"))+"?flash=flash.reported", http.StatusSeeOther)
	}
}

type queueData struct {
	Neighborhood *org.Place
	Items        []board.HeldItem
}

func (w *Web) moderationQueue(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var d queueData
	if err == nil {
		d.Neighborhood, d.Items, err = w.Svc.ModerationQueue(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "moderation.title", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "moderation", w.page(r, "moderation.title", &d))
}

type inboxData struct {
	Items []inbox.Notification
	Next  int64
}

func (w *Web) inboxPage(rw http.ResponseWriter, r *http.Request) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	items, next, err := w.Svc.InboxPage(r.Context(), httpx.Principal(r), before)
	if err != nil {
		w.fail(rw, r, "", "inbox.title", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "inbox", w.page(r, "inbox.title", &inboxData{Items: items, Next: next}))
}
