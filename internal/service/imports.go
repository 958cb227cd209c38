package service

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/roster"
)

// MaxImportBytes caps an uploaded roster (about a million rows).
const MaxImportBytes = 200 << 20

// Import is a roster import as its progress page shows it. Progress lives in the
// database, so any app node can show it.
type Import struct {
	ID         int64
	PlaceID    int64
	Filename   string
	Status     string
	Total      int
	Processed  int
	Good       int
	Bad        int
	Report     *roster.Report
	CreatedAt  time.Time
	FinishedAt time.Time
}

// Percent is the share processed, for the progress bar.
func (i *Import) Percent() int {
	if i.Total == 0 {
		if i.Status == "running" {
			return 0
		}
		return 100
	}
	return i.Processed * 100 / i.Total
}

// Imports runs roster imports in the background.
type Imports struct {
	svc *Service
	wg  sync.WaitGroup
}

func newImports(s *Service) *Imports { return &Imports{svc: s} }

// Wait blocks until running imports finish; shutdown and tests use it.
func (m *Imports) Wait() { m.wg.Wait() }

// StartImport checks the right to import into a place, records the import and
// runs it in the background, returning its id at once. Errors: unauthorized,
// forbidden, not_found, invalid, too_large.
func (s *Service) StartImport(ctx context.Context, p *Principal, placeID int64, filename string, data []byte) (int64, error) {
	place, err := s.placeFor(ctx, p, access.ImportRoster, placeID)
	if err != nil {
		return 0, err
	}
	if len(data) == 0 {
		return 0, errs.Field("file", "import.empty")
	}
	if len(data) > MaxImportBytes {
		return 0, errs.New(errs.TooLarge, "error.too_large")
	}
	if len(filename) > 200 {
		filename = filename[:200]
	}
	var id int64
	err = s.DB.WriteQueryRow(ctx, `INSERT INTO imports (district_id, place_id, user_id, filename, status, created_at)
		VALUES (?, ?, ?, ?, 'running', ?) RETURNING id`, place.DistrictID, place.ID, p.User.ID, filename, s.Org.Now().UnixMilli()).Scan(&id)
	if err != nil {
		return 0, errs.Internalf("service: record import: %w", err)
	}
	meta := audit.MetaFrom(ctx)
	s.Imports.wg.Add(1)
	go func() {
		defer s.Imports.wg.Done()
		bg := audit.WithMeta(context.Background(), meta)
		s.runImport(bg, id, p.User.ID, data, place.ID)
	}()
	return id, nil
}

func (s *Service) runImport(ctx context.Context, id, userID int64, data []byte, placeID int64) {
	place, err := s.Org.Place(ctx, placeID)
	var rep *roster.Report
	if err == nil {
		last := time.Time{}
		rep, err = s.Roster.Import(ctx, place, bytes.NewReader(data), func(pr roster.Progress) {
			if time.Since(last) < 300*time.Millisecond && pr.Processed < pr.Total {
				return
			}
			last = time.Now()
			_, _ = s.DB.ExecContext(ctx, `UPDATE imports SET total_rows = ?, processed = ?, good = ?, bad = ? WHERE id = ?`,
				pr.Total, pr.Processed, pr.Good, pr.Bad, id)
		})
	}
	status := "done"
	var report []byte
	if err != nil {
		status = "failed"
		slog.Warn("roster import failed", "import", id, "err", err)
		report, _ = json.Marshal(map[string]any{"error": errs.As(err)})
	} else {
		report, _ = json.Marshal(rep)
	}
	good, bad := 0, 0
	if rep != nil {
		good, bad = rep.Good, rep.Bad
	}
	_, dbErr := s.DB.ExecContext(ctx, `UPDATE imports SET status = ?, report = ?, finished_at = ?, good = ?, bad = ?,
		processed = CASE WHEN ? = 'done' THEN total_rows ELSE processed END WHERE id = ?`,
		status, string(report), s.Org.Now().UnixMilli(), good, bad, status, id)
	if dbErr != nil {
		slog.Error("record import result", "import", id, "err", dbErr)
	}
	if place != nil {
		_ = s.Audit.Record(ctx, audit.Entry{ActorID: userID, Action: audit.RosterImported, ObjectType: "import", ObjectID: id,
			DistrictID: place.DistrictID, NeighborhoodID: place.NeighborhoodID, Detail: status})
	}
}

// Import returns an import's progress and, when done, its report. Errors:
// unauthorized, forbidden, not_found.
func (s *Service) Import(ctx context.Context, p *Principal, id int64) (*Import, error) {
	var im Import
	var report string
	var created, finished int64
	err := s.DB.QueryRowContext(ctx, `SELECT id, place_id, filename, status, total_rows, processed, good, bad, report, created_at,
		COALESCE(finished_at, 0) FROM imports WHERE id = ?`, id).Scan(&im.ID, &im.PlaceID, &im.Filename, &im.Status, &im.Total,
		&im.Processed, &im.Good, &im.Bad, &report, &created, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "import.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("service: import %d: %w", id, err)
	}
	if _, err := s.placeFor(ctx, p, access.ImportRoster, im.PlaceID); err != nil {
		if errs.Is(err, errs.NotFound) {
			return nil, errs.New(errs.NotFound, "import.not_found")
		}
		return nil, err
	}
	im.CreatedAt = time.UnixMilli(created)
	if finished > 0 {
		im.FinishedAt = time.UnixMilli(finished)
	}
	if im.Status == "done" && report != "" {
		im.Report = &roster.Report{}
		_ = json.Unmarshal([]byte(report), im.Report)
	}
	return &im, nil
}
