package api

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
)

// schemas describes the request and response bodies by name: property → type.
var schemas = map[string]map[string]string{
	"Registration":      {"phone": "string", "password": "string", "nickname": "string", "lang": "string"},
	"Login":             {"phone": "string", "password": "string"},
	"TokenRequest":      {"phone": "string", "password": "string", "name": "string"},
	"Token":             {"token": "string", "token_type": "string", "expires_in": "integer", "user": "object"},
	"User":              {"id": "integer", "nickname": "string", "party_badge": "boolean", "verification": "string", "neighborhood_id": "integer", "lang": "string", "created_at": "string"},
	"Me":                {"user": "object", "roles": "array"},
	"Home":              {"neighborhood": "object", "units": "array", "verification": "object", "pending_reviews": "integer"},
	"Place":             {"id": "integer", "kind": "string", "parent_id": "integer", "district_id": "integer", "neighborhood_id": "integer", "name": "string", "households": "integer", "residents": "integer"},
	"PlaceList":         {"items": "array"},
	"PlaceDetail":       {"place": "object", "children": "array", "units": "array", "people": "array", "can_manage": "boolean", "can_import": "boolean"},
	"HouseholdList":     {"items": "array"},
	"VerificationInput": {"real_name": "string", "id_number": "string", "household_id": "integer", "owner": "boolean"},
	"Verification":      {"id": "integer", "status": "string", "reason": "string", "neighborhood_id": "integer", "household_id": "integer", "building": "string", "room": "string", "nickname": "string", "real_name_masked": "string", "id_number_masked": "string", "claims_owner": "boolean", "created_at": "string"},
	"VerificationList":  {"items": "array"},
	"Decision":          {"approve": "boolean", "reason": "string"},
	"Identity":          {"real_name": "string", "id_number": "string"},
	"NewPlace":          {"name": "string"},
	"NewUnit":           {"kind": "string", "name": "string", "phone": "string"},
	"Unit":              {"id": "integer", "kind": "string", "name": "string", "phone": "string"},
	"ProfileInput":      {"nickname": "string", "party_member": "boolean", "show_badge": "boolean"},
	"NewRole":           {"phone": "string", "role": "string", "unit_id": "integer"},
	"ImportStarted":     {"id": "integer", "status": "string"},
	"Import":            {"id": "integer", "place_id": "integer", "status": "string", "total": "integer", "processed": "integer", "good": "integer", "bad": "integer", "report": "object", "created_at": "string"},
	"AuditPage":         {"items": "array", "next_before": "integer"},
	"Error":             {"error": "object"},
	"BoardPage":         {"sections": "array", "items": "array", "next_cursor": "string"},
	"TopicList":         {"items": "array"},
	"NewTopic":          {"title": "string", "body": "string", "category": "string", "building_id": "integer", "place_note": "string", "channel": "string"},
	"Topic":             {"id": "integer", "section_id": "integer", "title": "string", "body": "string", "category": "string", "author": "string", "status": "string", "comments": "integer", "likes": "integer", "readers": "integer", "created_at": "string"},
	"TopicDetail":       {"topic": "object", "hot": "boolean", "comments": "array", "photos": "array"},
	"Moderation":        {"action": "string", "reason": "string", "section_id": "integer"},
	"Report":            {"reason": "string"},
	"HeldList":          {"items": "array"},
	"Inbox":             {"items": "array", "next_before": "integer"},
	"ThreadList":        {"items": "array"},
	"NewThread":         {"unit_id": "integer", "subject": "string", "body": "string"},
	"ThreadStarted":     {"id": "integer"},
	"ThreadDetail":      {"thread": "object", "messages": "array"},
	"NewReply":          {"body": "string"},
	"EditTopic":         {"title": "string", "body": "string", "category": "string", "place_note": "string"},
	"NewComment":        {"body": "string", "parent_id": "integer"},
	"Comment":           {"id": "integer", "parent_id": "integer", "author": "string", "body": "string", "created_at": "string"},
	"NewCase":           {"neighborhood_id": "integer", "place_id": "integer", "category": "string", "title": "string", "description": "string", "address": "string", "lat": "number", "lng": "number", "channel": "string", "for_phone": "string"},
	"Case":              {"id": "integer", "token": "string", "state": "string", "level": "string", "category": "string", "title": "string", "description": "string", "neighborhood_id": "integer", "place_id": "integer", "channel": "string", "reporter": "string", "lead_unit_id": "integer", "due_at": "string", "overdue": "boolean", "rating": "integer", "version": "integer", "created_at": "string", "updated_at": "string"},
	"CaseDetail":        {"case": "object", "timeline": "array", "handlers": "array", "actions": "array", "full": "boolean", "can_note": "boolean", "can_supervise": "boolean", "can_rate": "boolean"},
	"CaseList":          {"items": "array", "next_cursor": "string"},
	"CaseMove":          {"action": "string", "version": "integer", "note": "string", "lead_unit_id": "integer", "co_unit_ids": "array", "assignee_id": "integer", "rating": "integer", "comment": "string"},
	"CaseNote":          {"kind": "string", "note": "string"},
	"CaseRating":        {"rating": "integer", "comment": "string"},
	"CaseRoutes":        {"routes": "array", "units": "array"},
	"CaseRoute":         {"category": "string", "place_id": "integer", "unit_id": "integer"},
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// OpenAPI builds the OpenAPI 3 description from the route table.
func (a *API) OpenAPI() map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range a.Routes() {
		op := map[string]any{"summary": rt.Summary, "operationId": operationID(rt)}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			typ := "integer"
			if m[1] == "role" {
				typ = "string"
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]string{"type": typ}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Request == "CSV" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"text/csv": map[string]any{"schema": map[string]string{"type": "string"}}}}
		} else if rt.Request != "" {
			op["requestBody"] = map[string]any{"required": true, "content": jsonContent(rt.Request)}
		}
		ok := map[string]any{"description": http.StatusText(rt.Status)}
		if rt.Response != "" {
			ok["content"] = jsonContent(rt.Response)
		}
		op["responses"] = map[string]any{
			strconv.Itoa(rt.Status): ok,
			"4XX":                   map[string]any{"description": "Error with a machine-readable code", "content": jsonContent("Error")},
		}
		if rt.Auth {
			op["security"] = []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}}
		}
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		paths[rt.Path][strings.ToLower(rt.Method)] = op
	}
	comps := map[string]any{}
	for name, props := range schemas {
		p := map[string]any{}
		for k, t := range props {
			p[k] = map[string]string{"type": t}
		}
		comps[name] = map[string]any{"type": "object", "properties": p}
	}
	comps["Error"] = map[string]any{"type": "object", "properties": map[string]any{"error": map[string]any{"type": "object",
		"properties": map[string]any{"code": map[string]any{"type": "string", "enum": []errs.Code{errs.Invalid, errs.Unauthorized,
			errs.Forbidden, errs.NotFound, errs.Conflict, errs.TooMany, errs.TooLarge, errs.Unavailable, errs.Internal}},
			"message": map[string]string{"type": "string"}, "field": map[string]string{"type": "string"},
			"request_id": map[string]string{"type": "string"}}}}}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "linli API", "version": a.Version, "description": "Neighborhood co-governance: places, people, verification."},
		"servers": []any{map[string]string{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{"schemas": comps, "securitySchemes": map[string]any{
			"bearer":  map[string]string{"type": "http", "scheme": "bearer"},
			"session": map[string]string{"type": "apiKey", "in": "cookie", "name": httpx.SessionCookie}}},
	}
}

func jsonContent(schema string) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": map[string]string{"$ref": "#/components/schemas/" + schema}}}
}

func operationID(rt Route) string {
	s := strings.ToLower(rt.Method) + strings.NewReplacer("/api/v1/", "_", "/", "_", "{", "", "}", "").Replace(rt.Path)
	return s
}

func (a *API) openapi(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, a.OpenAPI())
}
