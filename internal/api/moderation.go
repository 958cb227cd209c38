package api

import (
	"net/http"
	"time"

	"github.com/linli-dev/linli/internal/httpx"
)

// moderate makes the handler for a cadre's decision on a topic or comment.
func (a *API) moderate(target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		var in struct {
			Action    string `json:"action"`
			Reason    string `json:"reason"`
			SectionID int64  `json:"section_id"`
		}
		if err == nil {
			err = decode(r, &in)
		}
		if err == nil {
			err = a.Svc.Moderate(r.Context(), httpx.Principal(r), target, id, in.Action, in.Reason, in.SectionID)
		}
		reply(w, r, http.StatusNoContent, nil, err)
	}
}

// report makes the handler for a resident's report.
func (a *API) report(target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		var in struct {
			Reason string `json:"reason"`
		}
		if err == nil && r.ContentLength != 0 {
			err = decode(r, &in)
		}
		if err == nil {
			err = a.Svc.Report(r.Context(), httpx.Principal(r), target, id, in.Reason)
		}
		reply(w, r, http.StatusNoContent, nil, err)
	}
}

func (a *API) moderationQueue(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	_, items, err := a.Svc.ModerationQueue(r.Context(), httpx.Principal(r), id)
	out := make([]map[string]any, 0, len(items))
	for _, h := range items {
		out = append(out, map[string]any{"type": h.Type, "id": h.ID, "topic_id": h.TopicID, "title": h.Title, "body": h.Body,
			"author": h.Author, "reason": h.Reason, "reports": h.ReportCount, "created_at": time.UnixMilli(h.CreatedAtMs).UTC()})
	}
	reply(w, r, http.StatusOK, map[string]any{"items": out}, err)
}

func (a *API) inbox(w http.ResponseWriter, r *http.Request) {
	list, next, err := a.Svc.InboxPage(r.Context(), httpx.Principal(r), 0)
	out := make([]map[string]any, 0, len(list))
	for _, n := range list {
		out = append(out, map[string]any{"id": n.ID, "kind": n.Kind, "topic_id": n.TopicID, "comment_id": n.CommentID, "case_id": n.CaseID,
			"project_id": n.ProjectID, "actor": n.ActorName, "detail": n.Detail, "read": n.Read, "created_at": n.CreatedAt.UTC()})
	}
	reply(w, r, http.StatusOK, map[string]any{"items": out, "next_before": next}, err)
}
