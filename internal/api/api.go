// Package api is linli's JSON surface under /api/v1: the same actions as the
// pages, the same service calls, the same error codes. Every route is declared
// once in a table that also produces the OpenAPI description, so the two agree.
package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/service"
)

// API serves /api/v1.
type API struct {
	Svc          *service.Service
	SecureCookie bool
	Version      string
}

// Route is one endpoint: how it is reached, what it does, what it takes and gives.
type Route struct {
	Method, Path, Summary string
	Auth                  bool   // needs a session cookie or bearer token
	Request, Response     string // schema names in the OpenAPI components
	Status                int    // success status
	handler               http.HandlerFunc
}

// Routes lists every endpoint, in the order the OpenAPI description shows them.
func (a *API) Routes() []Route {
	routes := []Route{
		{"POST", "/api/v1/register", "Open an account with a mobile number and password", false, "Registration", "User", 201, a.register},
		{"POST", "/api/v1/session", "Log in; sets the session cookie", false, "Login", "User", 200, a.login},
		{"DELETE", "/api/v1/session", "Log out", false, "", "", 204, a.logout},
		{"POST", "/api/v1/tokens", "Log in and get a bearer token for API clients", false, "TokenRequest", "Token", 201, a.createToken},
		{"GET", "/api/v1/me", "The account behind the request, with its roles and what waits unread (messages, inbox)", true, "", "Me", 200, a.me},
		{"PATCH", "/api/v1/me", "Change one's nickname and party-member badge", true, "ProfileInput", "User", 200, a.updateMe},
		{"GET", "/api/v1/home", "My neighborhood: its figures and partner units", true, "", "Home", 200, a.home},
		{"GET", "/api/v1/neighborhoods", "Every neighborhood, for choosing one's household", false, "", "PlaceList", 200, a.neighborhoods},
		{"GET", "/api/v1/neighborhoods/{id}/buildings", "A neighborhood's buildings", false, "", "PlaceList", 200, a.buildings},
		{"GET", "/api/v1/buildings/{id}/households", "A building's rooms (verification form)", false, "", "HouseholdList", 200, a.households},
		{"POST", "/api/v1/verification", "Ask for real-name verification", true, "VerificationInput", "Verification", 201, a.submitVerification},
		{"GET", "/api/v1/verification", "My latest verification request", true, "", "Verification", 200, a.myVerification},
		{"GET", "/api/v1/neighborhoods/{id}/verifications", "A neighborhood's pending verification requests", true, "", "VerificationList", 200, a.queue},
		{"POST", "/api/v1/verifications/{id}/decision", "Approve or reject a pending request", true, "Decision", "Verification", 200, a.decide},
		{"POST", "/api/v1/verifications/{id}/reveal", "See a request's real name and ID number (audited)", true, "", "Identity", 200, a.reveal},
		{"GET", "/api/v1/places/{id}", "A place with its children, units and role holders", true, "", "PlaceDetail", 200, a.place},
		{"POST", "/api/v1/places/{id}/children", "Add a place below this one", true, "NewPlace", "Place", 201, a.createPlace},
		{"POST", "/api/v1/places/{id}/units", "Register a partner unit serving this place", true, "NewUnit", "Unit", 201, a.createUnit},
		{"POST", "/api/v1/places/{id}/roles", "Grant a role at this place", true, "NewRole", "", 204, a.grantRole},
		{"DELETE", "/api/v1/places/{id}/roles/{user}/{role}", "Revoke a role held at this place", true, "", "", 204, a.revokeRole},
		{"POST", "/api/v1/places/{id}/imports", "Import a household roster (CSV body)", true, "CSV", "ImportStarted", 202, a.startImport},
		{"GET", "/api/v1/imports/{id}", "An import's progress and report", true, "", "Import", 200, a.importStatus},
		{"GET", "/api/v1/neighborhoods/{id}/board", "A page of the neighborhood's board (sort=latest|active|hot, section, cursor)", true, "", "BoardPage", 200, a.boardPage},
		{"GET", "/api/v1/places/{id}/search", "Search topics under a place (q: Chinese words work)", true, "", "TopicList", 200, a.search},
		{"POST", "/api/v1/photos", "Upload photos for a topic: multipart \"photo\" parts, or one picture as the body; EXIF is dropped. Put the keys in NewTopic.photos", true, "Photos", "PhotoList", 201, a.uploadPhotos},
		{"POST", "/api/v1/sections/{id}/topics", "Post a topic in a section (photos: keys I uploaded, at most 9, each attached once)", true, "NewTopic", "Topic", 201, a.postTopic},
		{"GET", "/api/v1/topics/{id}", "A topic with its photos and comments; counts the reader", true, "", "TopicDetail", 200, a.topic},
		{"PATCH", "/api/v1/topics/{id}", "Edit my topic within 30 minutes of posting", true, "EditTopic", "Topic", 200, a.editTopic},
		{"DELETE", "/api/v1/topics/{id}", "Delete my topic", true, "", "", 204, a.deleteOwn("topic")},
		{"DELETE", "/api/v1/comments/{id}", "Delete my comment", true, "", "", 204, a.deleteOwn("comment")},
		{"POST", "/api/v1/topics/{id}/comments", "Comment on a topic, or reply to a comment", true, "NewComment", "Comment", 201, a.addComment},
		{"PUT", "/api/v1/topics/{id}/like", "Like a topic (idempotent)", true, "", "", 204, a.likeHandler("topic", true)},
		{"DELETE", "/api/v1/topics/{id}/like", "Unlike a topic (idempotent)", true, "", "", 204, a.likeHandler("topic", false)},
		{"PUT", "/api/v1/comments/{id}/like", "Like a comment (idempotent)", true, "", "", 204, a.likeHandler("comment", true)},
		{"DELETE", "/api/v1/comments/{id}/like", "Unlike a comment (idempotent)", true, "", "", 204, a.likeHandler("comment", false)},
		{"POST", "/api/v1/topics/{id}/moderation", "A cadre's decision on a topic: hide, approve, pin, unpin, lock, unlock, move", true, "Moderation", "", 204, a.moderate("topic")},
		{"POST", "/api/v1/comments/{id}/moderation", "A cadre's decision on a comment: hide or approve", true, "Moderation", "", 204, a.moderate("comment")},
		{"POST", "/api/v1/topics/{id}/report", "Report a topic (once per person)", true, "Report", "", 204, a.report("topic")},
		{"POST", "/api/v1/comments/{id}/report", "Report a comment (once per person)", true, "Report", "", 204, a.report("comment")},
		{"GET", "/api/v1/neighborhoods/{id}/moderation", "What waits for review in a neighborhood", true, "", "HeldList", 200, a.moderationQueue},
		{"GET", "/api/v1/inbox", "My notifications, newest first (marks them read)", true, "", "Inbox", 200, a.inbox},
		{"GET", "/api/v1/messages", "My message threads: mine as a resident, and those I answer as committee or unit staff", true, "", "ThreadList", 200, a.mailbox},
		{"POST", "/api/v1/messages", "Write to the committee (unit_id 0) or to a unit serving my neighborhood", true, "NewThread", "ThreadStarted", 201, a.startThread},
		{"GET", "/api/v1/messages/{id}", "A thread with its messages (clears my unread count)", true, "", "ThreadDetail", 200, a.thread},
		{"POST", "/api/v1/messages/{id}/replies", "Reply in a thread", true, "NewReply", "", 204, a.replyThread},
		{"GET", "/api/v1/audit", "The audit log under a place (newest first, cursor paging)", true, "", "AuditPage", 200, a.auditLog},
	}
	routes = append(routes, a.caseRoutes()...)
	routes = append(routes, a.clockRoutes()...)
	routes = append(routes, a.proposalRoutes()...)
	routes = append(routes, a.councilRoutes()...)
	routes = append(routes, a.caseMetricsRoutes()...)
	routes = append(routes, a.projectRoutes()...)
	return append(routes, a.pollRoutes()...)
}

// Register mounts the routes and the OpenAPI document on mux.
func (a *API) Register(mux *http.ServeMux) {
	for _, r := range a.Routes() {
		mux.HandleFunc(r.Method+" "+r.Path, r.handler)
	}
	mux.HandleFunc("GET /api/v1/openapi.json", a.openapi)
	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteError(w, r, errs.New(errs.NotFound, "error.not_found"))
	})
}

// decode reads a JSON body into v; bad JSON is a 400-class invalid error.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errs.Wrap(err, errs.Invalid, "error.bad_request")
	}
	return nil
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.New(errs.NotFound, "error.bad_id")
	}
	return id, nil
}

// reply writes v with status, or the error.
func reply(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	httpx.WriteJSON(w, status, v)
}
