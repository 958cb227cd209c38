package cases

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// AddEvent writes one timeline entry (and its photos) in q, so it commits with
// the change it records. Moves write theirs themselves; callers use this for
// notes, supervision (督办), reminders and extension requests.
func (s *Store) AddEvent(ctx context.Context, q db.Querier, e *Event, districtID int64) error {
	if e.CreatedAt.IsZero() {
		e.CreatedAt = s.Now()
	}
	err := q.QueryRowContext(ctx, `INSERT INTO case_events (case_id, district_id, actor_id, kind, from_state, to_state, note, unit_id,
		photo_count, created_at, held_word) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.CaseID, districtID, nullID(e.ActorID), e.Kind, e.From, e.To, e.Note, nullID(e.UnitID), len(e.Photos),
		e.CreatedAt.UnixMilli(), e.HeldWord).Scan(&e.ID)
	if err != nil {
		return errs.Internalf("cases: add event: %w", err)
	}
	return s.addEventPhotos(ctx, q, e, districtID)
}

// addEventPhotos writes the photos of event e, once e.ID is known.
func (s *Store) addEventPhotos(ctx context.Context, q db.Querier, e *Event, districtID int64) error {
	for i, p := range e.Photos {
		if _, err := q.ExecContext(ctx, `INSERT INTO case_event_photos (event_id, position, case_id, district_id, photo_key, thumb_key,
			content_type, width, height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, i, e.CaseID, districtID, p.Key, p.ThumbKey, p.ContentType, p.Width, p.Height); err != nil {
			return errs.Internalf("cases: event photo: %w", err)
		}
	}
	return nil
}

// Annotate adds a note-like event (note, supervise, remind, extend_request) to a
// case without moving it. Errors: invalid (empty or long note, unknown kind),
// not_found.
func (s *Store) Annotate(ctx context.Context, id int64, by Actor, kind, note string, photos []Photo) (*Event, error) {
	return s.AnnotateHeld(ctx, id, by, kind, note, photos, "")
}

// AnnotateHeld is Annotate for a note that matched the sensitive word
// heldWord ("" for none); the note is kept but held from public reads.
func (s *Store) AnnotateHeld(ctx context.Context, id int64, by Actor, kind, note string, photos []Photo, heldWord string) (*Event, error) {
	switch kind {
	case KindNote, KindSupervise, KindRemind, KindExtendRequest, KindExtendApprove:
	default:
		return nil, errs.Field("kind", "cases.bad_action")
	}
	note, err := checkNote(note, true)
	if err != nil {
		return nil, err
	}
	if len(photos) > MaxPhotos {
		return nil, errs.Field("photos", "board.too_many_photos", MaxPhotos)
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	e := &Event{CaseID: id, ActorID: by.UserID, Kind: kind, From: c.State, To: c.State, Note: note, UnitID: by.UnitID, Photos: photos,
		HeldWord: heldWord}
	if err := s.DB.Tx(ctx, func(tx *db.Tx) error { return s.AddEvent(ctx, tx, e, c.DistrictID) }); err != nil {
		return nil, err
	}
	return e, nil
}

func checkNote(note string, required bool) (string, error) {
	note = strings.TrimSpace(strings.ReplaceAll(note, "\r\n", "\n"))
	if required && note == "" {
		return "", errs.Field("note", "error.required")
	}
	if utf8.RuneCountInString(note) > MaxNoteRunes {
		return "", errs.Field("note", "error.too_long", MaxNoteRunes)
	}
	return note, nil
}

// SetDeadlines replaces a case's deadlines (an approved extension, a
// recomputed calendar) and the due time that follows from its state, in q.
// It does not bump the version: deadlines are not a move. Errors: not_found.
func (s *Store) SetDeadlines(ctx context.Context, q db.Querier, id int64, respondBy, resolveBy time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE cases SET respond_by = ?, resolve_by = ?,
		due_at = CASE WHEN state IN ('submitted','reopened') THEN CAST(? AS BIGINT)
			WHEN state IN ('acknowledged','assigned','in_progress') THEN CAST(? AS BIGINT) ELSE NULL END
		WHERE id = ?`, ms(respondBy), ms(resolveBy), ms(respondBy), ms(resolveBy), id)
	if err != nil {
		return errs.Internalf("cases: set deadlines: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.NotFound, "cases.not_found")
	}
	return nil
}

// Events returns a case's timeline, oldest first, with each event's photos.
func (s *Store) Events(ctx context.Context, caseID int64) ([]*Event, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT e.id, e.case_id, COALESCE(e.actor_id, 0), COALESCE(u.nickname, ''), e.kind, e.from_state,
		e.to_state, e.note, COALESCE(e.unit_id, 0), e.photo_count, e.created_at, e.held_word
		FROM case_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = ? ORDER BY e.id`, caseID)
	if err != nil {
		return nil, errs.Internalf("cases: events: %w", err)
	}
	defer rows.Close()
	var out []*Event
	byID := map[int64]*Event{}
	photos := 0
	for rows.Next() {
		var e Event
		var created int64
		var n int
		if err := rows.Scan(&e.ID, &e.CaseID, &e.ActorID, &e.ActorName, &e.Kind, &e.From, &e.To, &e.Note, &e.UnitID, &n, &created, &e.HeldWord); err != nil {
			return nil, errs.Internalf("cases: scan event: %w", err)
		}
		e.CreatedAt = time.UnixMilli(created)
		out = append(out, &e)
		byID[e.ID] = &e
		photos += n
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Internalf("cases: events: %w", err)
	}
	if photos == 0 {
		return out, nil
	}
	return out, s.eventPhotos(ctx, caseID, byID)
}

// eventPhotos attaches photos to the events of one case in one query.
func (s *Store) eventPhotos(ctx context.Context, caseID int64, byID map[int64]*Event) error {
	rows, err := s.DB.QueryContext(ctx, `SELECT event_id, photo_key, thumb_key, content_type, width, height
		FROM case_event_photos WHERE case_id = ? ORDER BY event_id, position`, caseID)
	if err != nil {
		return errs.Internalf("cases: event photos: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p Photo
		if err := rows.Scan(&id, &p.Key, &p.ThumbKey, &p.ContentType, &p.Width, &p.Height); err != nil {
			return errs.Internalf("cases: scan photo: %w", err)
		}
		if e := byID[id]; e != nil {
			e.Photos = append(e.Photos, p)
		}
	}
	return rows.Err()
}

// Updates returns a district's public timeline events after an event id, in
// order, with at most limit of them (default 100, at most 1,000): what partner
// systems follow (Open311 service request updates). Photos are not loaded.
func (s *Store) Updates(ctx context.Context, districtID, afterID int64, limit int) ([]*Event, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	rows, err := s.DB.QueryContext(ctx, `SELECT e.id, e.case_id, COALESCE(e.actor_id, 0), COALESCE(u.nickname, ''), e.kind, e.from_state,
		e.to_state, CASE WHEN e.held_word = '' THEN e.note ELSE '' END, COALESCE(e.unit_id, 0), e.created_at
		FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
		WHERE e.district_id = ? AND e.id > ? AND e.kind IN (`+publicKindsSQL+`) ORDER BY e.id LIMIT ?`, districtID, afterID, limit)
	if err != nil {
		return nil, errs.Internalf("cases: updates: %w", err)
	}
	defer rows.Close()
	var out []*Event
	for rows.Next() {
		var e Event
		var created int64
		if err := rows.Scan(&e.ID, &e.CaseID, &e.ActorID, &e.ActorName, &e.Kind, &e.From, &e.To, &e.Note, &e.UnitID, &created); err != nil {
			return nil, errs.Internalf("cases: scan update: %w", err)
		}
		e.CreatedAt = time.UnixMilli(created)
		out = append(out, &e)
	}
	return out, rows.Err()
}

// publicKindsSQL lists, as SQL literals, the event kinds the neighborhood sees.
var publicKindsSQL = func() string {
	kinds := []string{"'" + KindSubmit + "'", "'" + KindRate + "'"}
	for _, a := range Actions() {
		kinds = append(kinds, "'"+string(a)+"'")
	}
	return strings.Join(kinds, ",")
}()
