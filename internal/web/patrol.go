package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/service"
)

// patrolData is the patrol page: the view and the patrol times as text.
type patrolData struct {
	*service.PatrolView
	Times string
}

func (w *Web) patrolPage(rw http.ResponseWriter, r *http.Request) {
	var id int64
	var err error
	if r.PathValue("id") != "" {
		id, err = idParam(r, "id")
	}
	var v *service.PatrolView
	if err == nil {
		v, err = w.Svc.Patrol(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "patrol.title", nil, err)
		return
	}
	times := strings.ReplaceAll(v.Settings.Input().PatrolTimes, ",", "、")
	w.render(rw, r, http.StatusOK, "patrol", w.page(r, "patrol.title", &patrolData{PatrolView: v, Times: times}))
}

func (w *Web) patrolDone(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = w.Svc.MarkPatrolled(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "patrol.title", nil, err)
		return
	}
	http.Redirect(rw, r, "/patrol/"+strconv.FormatInt(id, 10)+"?flash=flash.patrolled", http.StatusSeeOther)
}
