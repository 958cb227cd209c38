package board

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/errs"
)

// Sort is how a board orders its topics.
type Sort string

// The orders: newest first, most recently active first, hottest first.
const (
	Latest Sort = "latest"
	Active Sort = "active"
	Hot    Sort = "hot"
)

// ListQuery selects one page of a board. Cursor is the opaque value a previous
// page returned; pages never shift when new topics arrive (no offsets).
type ListQuery struct {
	NeighborhoodID int64
	SectionID      int64
	Sort           Sort
	Cursor         string
	Limit          int
	// Viewer, when not 0, is the person reading: Page.Liked says which of the
	// topics they like, read apart from the page, which readers share.
	Viewer int64
}

// Page is one page of topics and the cursor for the next ("" at the end).
type Page struct {
	Topics []*Topic
	Next   string
	Liked  map[int64]bool
}

// List returns one page of a board's visible topics. Errors: invalid (a bad cursor or sort).
func (s *Store) List(ctx context.Context, q ListQuery) (*Page, error) {
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 20
	}
	if q.Sort == "" {
		q.Sort = Latest
	}
	c, err := s.page(ctx, q)
	if err != nil {
		return nil, err
	}
	p := &Page{Topics: c.topics, Next: c.next, Liked: map[int64]bool{}}
	if q.Viewer != 0 && len(p.Topics) > 0 {
		ids := make([]int64, len(p.Topics))
		for i, t := range p.Topics {
			ids[i] = t.ID
		}
		if p.Liked, err = s.Liked(ctx, q.Viewer, "topic", ids); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// page returns the shared part of a board page (the same for every reader),
// from the cache when it may.
func (s *Store) page(ctx context.Context, q ListQuery) (pageVal, error) {
	if !s.cached() {
		return s.list(ctx, q)
	}
	key := listKey{q.NeighborhoodID, q.SectionID, q.Sort, q.Cursor, q.Limit}
	now := time.Now()
	if c, ok := lookup(s.cache, s.cache.pages, key, now); ok {
		return c, nil
	}
	gen := s.cache.gen(q.NeighborhoodID)
	c, err := s.list(ctx, q)
	if err == nil {
		s.cache.putPage(key, entry[pageVal]{hood: q.NeighborhoodID, gen: gen, expiry: now.Add(s.ListTTL), val: c})
	}
	return c, err
}

// list reads one page of a board from the database.
func (s *Store) list(ctx context.Context, q ListQuery) (pageVal, error) {
	col := map[Sort]string{Latest: "t.id", Active: "t.last_activity_at", Hot: "t.hot_score"}[q.Sort]
	if col == "" {
		return pageVal{}, errs.Field("sort", "board.bad_sort")
	}
	where := []string{"t.neighborhood_id = ?", "t.status = 'visible'"}
	args := []any{q.NeighborhoodID}
	if q.SectionID != 0 {
		where = append(where, "t.section_id = ?")
		args = append(args, q.SectionID)
	}
	if q.Cursor != "" {
		key, id, err := decodeCursor(q.Cursor)
		if err != nil {
			return pageVal{}, errs.Field("cursor", "board.bad_cursor")
		}
		if q.Sort == Latest {
			where = append(where, "t.id < ?")
			args = append(args, id)
		} else {
			where = append(where, fmt.Sprintf("(%s < ? OR (%s = ? AND t.id < ?))", col, col))
			args = append(args, key, key, id)
		}
	}
	order := col + " DESC"
	if q.Sort != Latest {
		order += ", t.id DESC"
	}
	args = append(args, q.Limit+1)
	rows, err := s.DB.QueryContext(ctx, `SELECT `+topicCols+topicFrom+` WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT ?`, args...)
	if err != nil {
		return pageVal{}, errs.Internalf("board: list: %w", err)
	}
	defer rows.Close()
	var p pageVal
	for rows.Next() {
		t, err := scanTopic(rows)
		if err != nil {
			return pageVal{}, errs.Internalf("board: scan topic: %w", err)
		}
		p.topics = append(p.topics, t)
	}
	if err := rows.Err(); err != nil {
		return pageVal{}, errs.Internalf("board: list: %w", err)
	}
	if len(p.topics) > q.Limit {
		p.topics = p.topics[:q.Limit]
		last := p.topics[len(p.topics)-1]
		var key any = last.ID
		switch q.Sort {
		case Active:
			key = last.LastActivityAt.UnixMilli()
		case Hot:
			key = last.HotScore
		}
		p.next = encodeCursor(key, last.ID)
	}
	return p, nil
}

func encodeCursor(key any, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprint(key) + "|" + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (any, int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, 0, err
	}
	k, idText, ok := strings.Cut(string(b), "|")
	if !ok {
		return nil, 0, fmt.Errorf("board: cursor without id")
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return nil, 0, err
	}
	if i, err := strconv.ParseInt(k, 10, 64); err == nil {
		return i, id, nil
	}
	f, err := strconv.ParseFloat(k, 64)
	return f, id, err
}
