package clocks

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Store keeps the settings and a short-lived cache of them, because every
// case that opens asks for its district's calendar.
type Store struct {
	DB  *db.DB
	Now func() time.Time
	// TTL is how long a node trusts its cached settings; another node's save
	// reaches it within TTL, its own at once.
	TTL time.Duration

	mu    sync.Mutex
	cache map[int64]cached
}

type cached struct {
	s  *Settings
	at time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store {
	return &Store{DB: d, Now: time.Now, TTL: time.Minute, cache: map[int64]cached{}}
}

// Get returns a district's settings, or the defaults if it saved none. Errors: internal.
func (s *Store) Get(ctx context.Context, districtID int64) (*Settings, error) {
	var in Input
	var weekdays string
	var updatedBy sql.NullInt64
	var updatedAt int64
	err := s.DB.QueryRowContext(ctx, `SELECT weekdays, hours, holidays, workdays, respond_hours, escalate_street_hours,
		escalate_district_hours, patrol_times, due_soon_hours, auto_close_days, follow_up_days, updated_by, updated_at
		FROM clock_settings WHERE district_id = ? AND neighborhood_id = 0`, districtID).Scan(&weekdays, &in.Hours, &in.Holidays,
		&in.Workdays, &in.RespondHours, &in.EscalateStreetHours, &in.EscalateDistrictHours, &in.PatrolTimes, &in.DueSoonHours,
		&in.AutoCloseDays, &in.FollowUpDays, &updatedBy, &updatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Defaults(districtID), nil
	}
	if err != nil {
		return nil, errs.Internalf("clocks: get: %w", err)
	}
	for _, f := range strings.Split(weekdays, ",") {
		if d, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
			in.Weekdays = append(in.Weekdays, d)
		}
	}
	if in.ResolveHours, err = s.resolveHours(ctx, districtID); err != nil {
		return nil, err
	}
	out, err := Parse(districtID, in)
	if err != nil {
		// Save checked this row; if it no longer parses, keep the clocks
		// running on the defaults and say so.
		slog.ErrorContext(ctx, "clock settings do not parse; using the defaults", "district", districtID, "err", err)
		return Defaults(districtID), nil
	}
	out.UpdatedBy, out.UpdatedAt = updatedBy.Int64, time.UnixMilli(updatedAt)
	return out, nil
}

func (s *Store) resolveHours(ctx context.Context, districtID int64) (map[string]int, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT category, hours FROM clock_resolve_hours WHERE district_id = ? AND neighborhood_id = 0`, districtID)
	if err != nil {
		return nil, errs.Internalf("clocks: resolve hours: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var cat string
		var h int
		if err := rows.Scan(&cat, &h); err != nil {
			return nil, errs.Internalf("clocks: scan resolve hours: %w", err)
		}
		if isCategory(cat) {
			out[cat] = h
		}
	}
	return out, rows.Err()
}

// Save writes a district's settings (already checked by Parse) in one
// transaction. Errors: internal.
func (s *Store) Save(ctx context.Context, st *Settings, by int64) error {
	now := s.Now()
	in := st.Input()
	days := make([]string, len(in.Weekdays))
	for i, d := range in.Weekdays {
		days[i] = strconv.Itoa(d)
	}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO clock_settings (district_id, neighborhood_id, weekdays, hours, holidays, workdays,
			respond_hours, escalate_street_hours, escalate_district_hours, patrol_times, due_soon_hours, auto_close_days, follow_up_days,
			updated_by, updated_at) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (district_id, neighborhood_id) DO UPDATE SET weekdays = excluded.weekdays, hours = excluded.hours,
			holidays = excluded.holidays, workdays = excluded.workdays, respond_hours = excluded.respond_hours,
			escalate_street_hours = excluded.escalate_street_hours, escalate_district_hours = excluded.escalate_district_hours,
			patrol_times = excluded.patrol_times, due_soon_hours = excluded.due_soon_hours, auto_close_days = excluded.auto_close_days,
			follow_up_days = excluded.follow_up_days, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			st.DistrictID, strings.Join(days, ","), in.Hours, in.Holidays, in.Workdays, in.RespondHours, in.EscalateStreetHours,
			in.EscalateDistrictHours, in.PatrolTimes, in.DueSoonHours, in.AutoCloseDays, in.FollowUpDays, nullID(by), now.UnixMilli())
		if err != nil {
			return errs.Internalf("clocks: save: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM clock_resolve_hours WHERE district_id = ? AND neighborhood_id = 0`, st.DistrictID); err != nil {
			return errs.Internalf("clocks: clear resolve hours: %w", err)
		}
		for cat, h := range st.ResolveHours {
			if _, err := tx.ExecContext(ctx, `INSERT INTO clock_resolve_hours (district_id, neighborhood_id, category, hours) VALUES (?, 0, ?, ?)`,
				st.DistrictID, cat, h); err != nil {
				return errs.Internalf("clocks: save resolve hours: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.cache, st.DistrictID)
	s.mu.Unlock()
	return nil
}

// Cached returns a district's settings from the cache when they are fresh,
// loading them otherwise; the case deadline hook and the sweep use it.
// Errors: internal.
func (s *Store) Cached(ctx context.Context, districtID int64) (*Settings, error) {
	now := time.Now()
	s.mu.Lock()
	c, ok := s.cache[districtID]
	s.mu.Unlock()
	if ok && now.Sub(c.at) < s.TTL {
		return c.s, nil
	}
	st, err := s.Get(ctx, districtID)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cache[districtID] = cached{st, now}
	s.mu.Unlock()
	return st, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
