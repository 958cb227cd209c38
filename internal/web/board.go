package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/photo"
	"github.com/linli-dev/linli/internal/service"
)

// boardPageData adds what the board template needs around the service's view.
type boardPageData struct {
	*service.BoardView
	Sorts []board.Sort
}

func (w *Web) boardPage(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.BoardView
	if err == nil {
		q := r.URL.Query()
		section, _ := strconv.ParseInt(q.Get("section"), 10, 64)
		v, err = w.Svc.BoardPage(r.Context(), httpx.Principal(r), id, section, board.Sort(q.Get("sort")), q.Get("cursor"))
	}
	if err != nil {
		w.fail(rw, r, "", "board.title", nil, err)
		return
	}
	p := w.page(r, "board.title", &boardPageData{BoardView: v, Sorts: []board.Sort{board.Latest, board.Active, board.Hot}})
	p.Title = v.Neighborhood.Name
	w.render(rw, r, http.StatusOK, "board", p)
}

// myBoard sends a resident to their neighborhood's board.
func (w *Web) myBoard(rw http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r)
	if !p.LoggedIn() {
		w.fail(rw, r, "", "board.title", nil, errs.New(errs.Unauthorized, "login.required"))
		return
	}
	hoods, err := w.Svc.ReviewScopes(r.Context(), p)
	if err != nil {
		w.fail(rw, r, "", "board.title", nil, err)
		return
	}
	if len(hoods) > 0 && !(len(hoods) == 1 && hoods[0].ID == p.User.NeighborhoodID) {
		// Cadres and street or district admins choose among the boards under them.
		w.render(rw, r, http.StatusOK, "boards", w.page(r, "board.title", hoods))
		return
	}
	if p.User.NeighborhoodID == 0 {
		http.Redirect(rw, r, "/verify", http.StatusSeeOther)
		return
	}
	http.Redirect(rw, r, "/neighborhoods/"+strconv.FormatInt(p.User.NeighborhoodID, 10)+"/board", http.StatusSeeOther)
}

func (w *Web) topicPage(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.TopicView
	if err == nil {
		v, err = w.Svc.TopicPage(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "board.title", nil, err)
		return
	}
	p := w.page(r, "board.title", v)
	p.Title = v.Topic.Title
	w.render(rw, r, http.StatusOK, "topic", p)
}

// composeData is the compose form: the sections one may post in.
type composeData struct {
	Sections   []*board.Section
	Categories []string
	Channels   []string
	CanProxy   bool
	HoodID     int64
}

func (w *Web) composeData(r *http.Request, hoodID int64) (*composeData, error) {
	v, err := w.Svc.BoardPage(r.Context(), httpx.Principal(r), hoodID, 0, board.Latest, "")
	if err != nil {
		return nil, err
	}
	d := &composeData{Categories: board.Categories, Channels: board.Channels[1:], CanProxy: v.CanModerate, HoodID: hoodID}
	for _, s := range v.Sections {
		if s.Kind != board.Announcements || v.CanModerate {
			d.Sections = append(d.Sections, s)
		}
	}
	return d, nil
}

func (w *Web) composeForm(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var d *composeData
	if err == nil {
		d, err = w.composeData(r, id)
	}
	if err != nil {
		w.fail(rw, r, "", "compose.title", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "compose", w.page(r, "compose.title", d))
}

func (w *Web) compose(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseMultipartForm(32 << 20)
		if err != nil {
			err = r.ParseForm()
		}
	}
	var t *board.Topic
	if err == nil {
		d := board.Draft{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), Category: r.PostFormValue("category"),
			PlaceNote: r.PostFormValue("place_note"), Channel: r.PostFormValue("channel")}
		if d.Photos, err = w.uploadedPhotos(r); err == nil {
			t, err = w.Svc.PostTopic(r.Context(), httpx.Principal(r), formInt(r, "section"), d)
		}
	}
	if err != nil {
		d, derr := w.composeData(r, id)
		if derr != nil {
			w.fail(rw, r, "", "compose.title", nil, derr)
			return
		}
		w.fail(rw, r, "compose", "compose.title", d, err)
		return
	}
	flash := "flash.posted"
	if t.Status == board.Held {
		flash = "flash.held"
	}
	http.Redirect(rw, r, "/topics/"+strconv.FormatInt(t.ID, 10)+"?flash="+flash, http.StatusSeeOther)
}

// uploadedPhotos processes the photos attached to a compose form.
func (w *Web) uploadedPhotos(r *http.Request) ([]board.Photo, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var readers []io.Reader
	for _, fh := range r.MultipartForm.File["photos"] {
		if fh.Size == 0 {
			continue
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		readers = append(readers, f)
	}
	return w.Svc.StorePhotos(r.Context(), readers)
}

// servePhoto serves a stored photo; keys are content hashes, so it caches forever.
func (w *Web) servePhoto(rw http.ResponseWriter, r *http.Request) {
	if w.Svc.Photos == nil {
		w.NotFound(rw, r)
		return
	}
	photo.Serve(rw, r, w.Svc.Photos, r.PathValue("key"), "")
}

func (w *Web) comment(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var c *board.Comment
	if err == nil {
		c, err = w.Svc.AddComment(r.Context(), httpx.Principal(r), id, formInt(r, "parent"), r.PostFormValue("body"))
	}
	if err != nil {
		v, verr := w.Svc.TopicPage(r.Context(), httpx.Principal(r), id)
		if verr != nil {
			w.fail(rw, r, "", "board.title", nil, verr)
			return
		}
		w.fail(rw, r, "topic", "board.title", v, err)
		return
	}
	flash := "flash.commented"
	if c.Status == board.Held {
		flash = "flash.held"
	}
	http.Redirect(rw, r, "/topics/"+strconv.FormatInt(id, 10)+"?flash="+flash+"#c"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

// like handles the like buttons: a form post that works without JavaScript.
func (w *Web) like(target string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		id, err := idParam(r, "id")
		if err == nil {
			err = r.ParseForm()
		}
		if err == nil {
			err = w.Svc.Like(r.Context(), httpx.Principal(r), target, id, r.PostFormValue("on") != "0")
		}
		if err != nil {
			w.fail(rw, r, "", "board.title", nil, err)
			return
		}
		http.Redirect(rw, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	}
}

func (w *Web) searchPage(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	q := r.URL.Query().Get("q")
	var found []*board.Topic
	if err == nil && q != "" {
		found, err = w.Svc.SearchTopics(r.Context(), httpx.Principal(r), id, q)
	}
	data := &searchData{PlaceID: id, Query: q, Results: found, Searched: q != ""}
	if err != nil {
		w.fail(rw, r, "search", "search.title", data, err)
		return
	}
	w.render(rw, r, http.StatusOK, "search", w.page(r, "search.title", data))
}

type searchData struct {
	PlaceID  int64
	Query    string
	Results  []*board.Topic
	Searched bool
}

// deleteOwn handles an author's delete button.
func (w *Web) deleteOwn(target string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		id, err := idParam(r, "id")
		if err == nil {
			err = r.ParseForm()
		}
		if err == nil {
			err = w.Svc.DeleteOwn(r.Context(), httpx.Principal(r), target, id)
		}
		if err != nil {
			w.fail(rw, r, "", "board.title", nil, err)
			return
		}
		http.Redirect(rw, r, safeNext(r.PostFormValue("next"))+"?flash=flash.deleted", http.StatusSeeOther)
	}
}

// editData is the edit form of a topic.
type editData struct {
	Topic      *board.Topic
	Categories []string
}

func (w *Web) editForm(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.TopicView
	if err == nil {
		v, err = w.Svc.TopicPage(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "board.title", nil, err)
		return
	}
	p := w.page(r, "board.edit", &editData{Topic: v.Topic, Categories: board.Categories})
	p.Form = map[string][]string{"title": {v.Topic.Title}, "body": {v.Topic.Body}, "category": {v.Topic.Category}, "place_note": {v.Topic.PlaceNote}}
	w.render(rw, r, http.StatusOK, "edit", p)
}

func (w *Web) edit(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var t *board.Topic
	if err == nil {
		t, err = w.Svc.EditTopic(r.Context(), httpx.Principal(r), id, board.Draft{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"),
			Category: r.PostFormValue("category"), PlaceNote: r.PostFormValue("place_note")})
	}
	if err != nil {
		v, verr := w.Svc.TopicPage(r.Context(), httpx.Principal(r), id)
		if verr != nil {
			w.fail(rw, r, "", "board.title", nil, verr)
			return
		}
		w.fail(rw, r, "edit", "board.edit", &editData{Topic: v.Topic, Categories: board.Categories}, err)
		return
	}
	http.Redirect(rw, r, "/topics/"+strconv.FormatInt(t.ID, 10)+"?flash=flash.saved", http.StatusSeeOther)
}
