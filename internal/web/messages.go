package web

import (
	"net/http"
	"strconv"

	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/messages"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/service"
)

type mailboxData struct {
	Threads []*messages.Thread
	Units   []*org.Unit
	Me      int64
}

func (w *Web) mailboxData(r *http.Request) (*mailboxData, error) {
	p := httpx.Principal(r)
	threads, err := w.Svc.Mailbox(r.Context(), p)
	if err != nil {
		return nil, err
	}
	d := &mailboxData{Threads: threads, Me: p.User.ID}
	if p.User.NeighborhoodID != 0 {
		if d.Units, err = w.Svc.Org.UnitsServing(r.Context(), p.User.NeighborhoodID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (w *Web) mailbox(rw http.ResponseWriter, r *http.Request) {
	d, err := w.mailboxData(r)
	if err != nil {
		w.fail(rw, r, "", "messages.title", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "messages", w.page(r, "messages.title", d))
}

func (w *Web) startThread(rw http.ResponseWriter, r *http.Request) {
	err := r.ParseForm()
	var id int64
	if err == nil {
		id, err = w.Svc.StartThread(r.Context(), httpx.Principal(r), formInt(r, "unit"), r.PostFormValue("subject"), r.PostFormValue("body"))
	}
	if err != nil {
		d, derr := w.mailboxData(r)
		if derr != nil {
			w.fail(rw, r, "", "messages.title", nil, derr)
			return
		}
		w.fail(rw, r, "messages", "messages.title", d, err)
		return
	}
	http.Redirect(rw, r, "/messages/"+strconv.FormatInt(id, 10)+"?flash=flash.sent", http.StatusSeeOther)
}

func (w *Web) thread(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.ThreadView
	if err == nil {
		v, err = w.Svc.OpenThread(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "messages.title", nil, err)
		return
	}
	p := w.page(r, "messages.title", v)
	p.Title = v.Thread.Subject
	w.render(rw, r, http.StatusOK, "thread", p)
}

func (w *Web) replyThread(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		err = w.Svc.ReplyThread(r.Context(), httpx.Principal(r), id, r.PostFormValue("body"))
	}
	if err != nil {
		v, verr := w.Svc.OpenThread(r.Context(), httpx.Principal(r), id)
		if verr != nil {
			w.fail(rw, r, "", "messages.title", nil, verr)
			return
		}
		w.fail(rw, r, "thread", "messages.title", v, err)
		return
	}
	http.Redirect(rw, r, "/messages/"+strconv.FormatInt(id, 10)+"?flash=flash.sent", http.StatusSeeOther)
}
