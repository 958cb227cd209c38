package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/i18n"
)

type topicJSON struct {
	ID           int64     `json:"id"`
	SectionID    int64     `json:"section_id"`
	Title        string    `json:"title"`
	Body         string    `json:"body,omitempty"`
	Category     string    `json:"category"`
	Author       string    `json:"author"`
	AuthorBadge  bool      `json:"author_party_badge"`
	Channel      string    `json:"channel"`
	Status       string    `json:"status"`
	StatusReason string    `json:"status_reason,omitempty"`
	Pinned       bool      `json:"pinned"`
	Locked       bool      `json:"locked"`
	Comments     int       `json:"comments"`
	Likes        int       `json:"likes"`
	Readers      int       `json:"readers"`
	Photos       int       `json:"photos"`
	Liked        bool      `json:"liked"`
	LastActivity time.Time `json:"last_activity_at"`
	CreatedAt    time.Time `json:"created_at"`
}

func topicView(t *board.Topic, liked, withBody bool) topicJSON {
	v := topicJSON{ID: t.ID, SectionID: t.SectionID, Title: t.Title, Category: t.Category, Author: t.AuthorNickname,
		AuthorBadge: t.AuthorBadge, Channel: t.Channel, Status: string(t.Status), Pinned: t.Pinned, Locked: t.Locked,
		Comments: t.CommentCount, Likes: t.LikeCount, Readers: t.ReadCount, Photos: t.PhotoCount, Liked: liked,
		LastActivity: t.LastActivityAt.UTC(), CreatedAt: t.CreatedAt.UTC()}
	if withBody {
		v.Body, v.StatusReason = t.Body, t.StatusReason
	}
	return v
}

type commentJSON struct {
	ID          int64     `json:"id"`
	ParentID    int64     `json:"parent_id,omitempty"`
	Author      string    `json:"author"`
	AuthorBadge bool      `json:"author_party_badge"`
	Body        string    `json:"body"`
	Likes       int       `json:"likes"`
	Liked       bool      `json:"liked"`
	CreatedAt   time.Time `json:"created_at"`
}

func (a *API) boardPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var v interface{}
	if err == nil {
		q := r.URL.Query()
		section, _ := strconv.ParseInt(q.Get("section"), 10, 64)
		var bv *boardResult
		bv, err = a.loadBoard(r, id, section, board.Sort(q.Get("sort")), q.Get("cursor"))
		v = bv
	}
	reply(w, r, http.StatusOK, v, err)
}

type boardResult struct {
	Sections []map[string]any `json:"sections"`
	Items    []topicJSON      `json:"items"`
	Next     string           `json:"next_cursor,omitempty"`
}

func (a *API) loadBoard(r *http.Request, hoodID, sectionID int64, sort board.Sort, cursor string) (*boardResult, error) {
	bv, err := a.Svc.BoardPage(r.Context(), httpx.Principal(r), hoodID, sectionID, sort, cursor)
	if err != nil {
		return nil, err
	}
	if err := a.Svc.BoardLikes(r.Context(), httpx.Principal(r), bv); err != nil {
		return nil, err
	}
	out := &boardResult{Next: bv.Page.Next, Items: make([]topicJSON, 0, len(bv.Page.Topics))}
	for _, sec := range bv.Sections {
		out.Sections = append(out.Sections, map[string]any{"id": sec.ID, "kind": sec.Kind, "unit_id": sec.UnitID, "name": sectionName(httpx.Lang(r), sec),
			"topics": sec.TopicCount})
	}
	for _, t := range bv.Page.Topics {
		out.Items = append(out.Items, topicView(t, bv.Liked[t.ID], false))
	}
	return out, nil
}

// sectionName names a section in the request's language, by its kind.
func sectionName(lang i18n.Lang, sec *board.Section) string {
	if key, args := sec.NameKey(); key != "" {
		return i18n.T(lang, key, args...)
	}
	return sec.Name
}

func (a *API) topic(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	v, err := a.Svc.TopicPage(r.Context(), httpx.Principal(r), id)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	comments := make([]commentJSON, 0, len(v.Comments))
	for _, c := range v.Comments {
		comments = append(comments, commentJSON{ID: c.ID, ParentID: c.ParentID, Author: c.AuthorNickname, AuthorBadge: c.AuthorBadge,
			Body: c.Body, Likes: c.LikeCount, Liked: v.LikedComments[c.ID], CreatedAt: c.CreatedAt.UTC()})
	}
	photos := make([]photoJSON, 0, len(v.Photos))
	for _, p := range v.Photos {
		photos = append(photos, photoView(p))
	}
	reply(w, r, http.StatusOK, map[string]any{"topic": topicView(v.Topic, v.Liked, true), "hot": v.Hot, "comments": comments, "photos": photos}, nil)
}

func (a *API) postTopic(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Title      string   `json:"title"`
		Body       string   `json:"body"`
		Category   string   `json:"category"`
		BuildingID int64    `json:"building_id"`
		PlaceNote  string   `json:"place_note"`
		Channel    string   `json:"channel"`
		Photos     []string `json:"photos"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var t *board.Topic
	if err == nil {
		t, err = a.Svc.PostTopic(r.Context(), httpx.Principal(r), id, board.Draft{Title: in.Title, Body: in.Body, Category: in.Category,
			BuildingID: in.BuildingID, PlaceNote: in.PlaceNote, Channel: in.Channel, UploadKeys: in.Photos})
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, topicView(t, false, true), nil)
}

func (a *API) addComment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Body     string `json:"body"`
		ParentID int64  `json:"parent_id"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var c *board.Comment
	if err == nil {
		c, err = a.Svc.AddComment(r.Context(), httpx.Principal(r), id, in.ParentID, in.Body)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, commentJSON{ID: c.ID, ParentID: c.ParentID, Author: c.AuthorNickname, AuthorBadge: c.AuthorBadge,
		Body: c.Body, CreatedAt: c.CreatedAt.UTC()}, nil)
}

// likeHandler makes PUT (like) and DELETE (unlike) handlers for a target type.
func (a *API) likeHandler(target string, on bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err == nil {
			err = a.Svc.Like(r.Context(), httpx.Principal(r), target, id, on)
		}
		reply(w, r, http.StatusNoContent, nil, err)
	}
}

func (a *API) search(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var found []*board.Topic
	if err == nil {
		found, err = a.Svc.SearchTopics(r.Context(), httpx.Principal(r), id, r.URL.Query().Get("q"))
	}
	items := make([]topicJSON, 0, len(found))
	for _, t := range found {
		items = append(items, topicView(t, false, false))
	}
	reply(w, r, http.StatusOK, map[string]any{"items": items}, err)
}

func (a *API) editTopic(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Title     string `json:"title"`
		Body      string `json:"body"`
		Category  string `json:"category"`
		PlaceNote string `json:"place_note"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var t *board.Topic
	if err == nil {
		t, err = a.Svc.EditTopic(r.Context(), httpx.Principal(r), id, board.Draft{Title: in.Title, Body: in.Body, Category: in.Category, PlaceNote: in.PlaceNote})
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, topicView(t, false, true), nil)
}

// deleteOwn makes the handler for an author deleting their own topic or comment.
func (a *API) deleteOwn(target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err == nil {
			err = a.Svc.DeleteOwn(r.Context(), httpx.Principal(r), target, id)
		}
		reply(w, r, http.StatusNoContent, nil, err)
	}
}
