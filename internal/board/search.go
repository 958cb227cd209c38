package board

import (
	"context"
	"strings"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/textsearch"
)

// SearchQuery looks for topics in some neighborhoods (one for residents, a
// street's for its admins).
type SearchQuery struct {
	NeighborhoodIDs []int64
	Text            string
	Limit           int
}

// Search finds visible topics matching the text, best first. Chinese text is
// matched by character bigrams, so a two-character word finds its topics; a
// single character falls back to a substring scan of the neighborhood's
// topics. The full-text fragments differ per database and live here only.
func (s *Store) Search(ctx context.Context, q SearchQuery) ([]*Topic, error) {
	if q.Limit <= 0 || q.Limit > 50 {
		q.Limit = 20
	}
	if len(q.NeighborhoodIDs) == 0 {
		return nil, nil
	}
	tokens := textsearch.QueryTokens(q.Text)
	if len(tokens) == 0 {
		return nil, errs.Field("q", "board.search_empty")
	}
	in := `t.neighborhood_id IN (?` + repeatMarks(len(q.NeighborhoodIDs)-1) + `)`
	var args []any
	var query string
	switch {
	case len(tokens) == 1 && len([]rune(tokens[0])) == 1:
		query = `SELECT ` + topicCols + topicFrom + ` WHERE ` + in + ` AND t.status = 'visible' AND (t.title LIKE ? OR t.body LIKE ?)
			ORDER BY t.id DESC LIMIT ?`
		args = ids(q.NeighborhoodIDs)
		like := "%" + strings.NewReplacer("%", "", "_", "").Replace(tokens[0]) + "%"
		args = append(args, like, like, q.Limit)
	case s.DB.Dialect() == db.Postgres:
		query = `SELECT ` + topicCols + topicFrom + ` WHERE to_tsvector('simple', t.search_text) @@ to_tsquery('simple', ?)
			AND ` + in + ` AND t.status = 'visible'
			ORDER BY ts_rank(to_tsvector('simple', t.search_text), to_tsquery('simple', ?)) DESC, t.id DESC LIMIT ?`
		tsq := textsearch.TSQuery(q.Text)
		args = append([]any{tsq}, ids(q.NeighborhoodIDs)...)
		args = append(args, tsq, q.Limit)
	default:
		query = `SELECT ` + topicCols + ` FROM topics_fts f JOIN topics t ON t.id = f.rowid JOIN users u ON u.id = t.author_id
			WHERE topics_fts MATCH ? AND ` + in + ` AND t.status = 'visible' ORDER BY bm25(topics_fts), t.id DESC LIMIT ?`
		args = append([]any{textsearch.FTS5Query(q.Text)}, ids(q.NeighborhoodIDs)...)
		args = append(args, q.Limit)
	}
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, errs.Internalf("board: search: %w", err)
	}
	defer rows.Close()
	var out []*Topic
	for rows.Next() {
		t, err := scanTopic(rows)
		if err != nil {
			return nil, errs.Internalf("board: scan topic: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func ids(xs []int64) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
