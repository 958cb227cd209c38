package api

import (
	"net/http"

	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/messages"
)

func threadJSON(t *messages.Thread, asStaff bool) map[string]any {
	unread := t.ResidentUnread
	if asStaff {
		unread = t.StaffUnread
	}
	return map[string]any{"id": t.ID, "subject": t.Subject, "unit_id": t.UnitID, "resident": t.ResidentName,
		"messages": t.MessageCount, "unread": unread, "last_message_at": t.LastMessageAt.UTC()}
}

func (a *API) mailbox(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r)
	threads, err := a.Svc.Mailbox(r.Context(), p)
	items := make([]map[string]any, 0, len(threads))
	for _, t := range threads {
		items = append(items, threadJSON(t, p.LoggedIn() && t.ResidentID != p.User.ID))
	}
	reply(w, r, http.StatusOK, map[string]any{"items": items}, err)
}

func (a *API) startThread(w http.ResponseWriter, r *http.Request) {
	var in struct {
		UnitID  int64  `json:"unit_id"`
		Subject string `json:"subject"`
		Body    string `json:"body"`
	}
	err := decode(r, &in)
	var id int64
	if err == nil {
		id, err = a.Svc.StartThread(r.Context(), httpx.Principal(r), in.UnitID, in.Subject, in.Body)
	}
	reply(w, r, http.StatusCreated, map[string]any{"id": id}, err)
}

func (a *API) thread(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var v any
	if err == nil {
		var tv *threadResult
		tv, err = a.loadThread(r, id)
		v = tv
	}
	reply(w, r, http.StatusOK, v, err)
}

type threadResult struct {
	Thread   map[string]any   `json:"thread"`
	Messages []map[string]any `json:"messages"`
}

func (a *API) loadThread(r *http.Request, id int64) (*threadResult, error) {
	v, err := a.Svc.OpenThread(r.Context(), httpx.Principal(r), id)
	if err != nil {
		return nil, err
	}
	out := &threadResult{Thread: threadJSON(v.Thread, v.AsStaff)}
	for _, m := range v.Messages {
		out.Messages = append(out.Messages, map[string]any{"id": m.ID, "author": m.AuthorName, "from_staff": m.FromStaff,
			"body": m.Body, "created_at": m.CreatedAt.UTC()})
	}
	return out, nil
}

func (a *API) replyThread(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Body string `json:"body"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	if err == nil {
		err = a.Svc.ReplyThread(r.Context(), httpx.Principal(r), id, in.Body)
	}
	reply(w, r, http.StatusNoContent, nil, err)
}
