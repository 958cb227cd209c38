package board

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

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

// SearchCandidates is how many of the newest matching topics Search ranks.
// A word with fewer matches in the neighborhoods is ranked over all of them;
// for a commoner word the best of its newest SearchCandidates matches come
// first, and an older topic is found by adding a word. The bound is what
// keeps a search's cost independent of how much the neighborhood has written.
const SearchCandidates = 200

// Search finds visible topics matching the text, best first. Chinese text is
// matched by character bigrams, so a two-character word finds its topics; a
// single character falls back to a substring scan of the neighborhoods'
// topics, newest first.
//
// The index holds only visible topics, and knows each one's neighborhood
// (SQLite: every token carries it; PostgreSQL: a lexeme of its own), so the
// database finds only the given neighborhoods' matches, newest first, and
// stops after SearchCandidates; textsearch.Rank orders them the same way
// on both databases, and only the page's topics are read in full. The
// full-text fragments differ per database and live here only.
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
	if len(tokens) == 1 && utf8.RuneCountInString(tokens[0]) == 1 {
		return s.searchSubstring(ctx, q.NeighborhoodIDs, tokens[0], q.Limit)
	}
	ids, docs, err := s.searchCandidates(ctx, q.NeighborhoodIDs, q.Text)
	if err != nil {
		return nil, err
	}
	order := textsearch.Rank(q.Text, docs)
	best := make([]int64, 0, min(len(order), q.Limit))
	for _, i := range order[:min(len(order), q.Limit)] {
		best = append(best, ids[i])
	}
	return s.topicsInOrder(ctx, best)
}

// searchCandidates returns the ids, titles and indexed text of the newest
// SearchCandidates visible topics in the neighborhoods that match text,
// newest first. The neighborhood and status conditions repeat what the index
// already guarantees, so a mistake there cannot show another neighborhood's
// or a hidden topic.
func (s *Store) searchCandidates(ctx context.Context, hoods []int64, text string) ([]int64, []textsearch.Doc, error) {
	in := `t.neighborhood_id IN (?` + repeatMarks(len(hoods)-1) + `)`
	var query string
	var args []any
	if s.DB.Dialect() == db.Postgres {
		// The left side of @@ is topics_search_hood's expression (0004), word
		// for word, and status = 'visible' its predicate; GIN finds the rows
		// that have one of the neighborhood lexemes and every word.
		query = `SELECT t.id, t.title, t.search_text FROM topics t
			WHERE (array_to_tsvector(ARRAY['@' || t.neighborhood_id::text]) || to_tsvector('simple', t.search_text)) @@ (?::tsquery && to_tsquery('simple', ?))
			AND t.status = 'visible' AND ` + in + `
			ORDER BY t.id DESC LIMIT ?`
		args = append([]any{hoodTSQuery(hoods), textsearch.TSQuery(text)}, ids(hoods)...)
		args = append(args, SearchCandidates)
	} else {
		// Each neighborhood's words are terms of their own, so FTS5 reads
		// only these neighborhoods' matches, in rowid order, and stops at
		// the limit; CROSS JOIN keeps SQLite from starting at topics instead.
		query = `SELECT t.id, t.title, t.search_text
			FROM (SELECT rowid AS id FROM topics_search WHERE topics_search MATCH ? ORDER BY rowid DESC LIMIT ?) c
			CROSS JOIN topics t ON t.id = c.id
			WHERE t.status = 'visible' AND ` + in + ` ORDER BY t.id DESC`
		args = append([]any{hoodFTS5Query(hoods, text), SearchCandidates}, ids(hoods)...)
	}
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, errs.Internalf("board: search: %w", err)
	}
	defer rows.Close()
	var found []int64
	var docs []textsearch.Doc
	for rows.Next() {
		var id int64
		var d textsearch.Doc
		if err := rows.Scan(&id, &d.Title, &d.Indexed); err != nil {
			return nil, nil, errs.Internalf("board: search: %w", err)
		}
		found = append(found, id)
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, errs.Internalf("board: search: %w", err)
	}
	return found, docs, nil
}

// hoodFTS5Query returns the MATCH expression for text in the neighborhoods,
// whose tokens topics_search prefixes with "n", the id and "x" (0004):
// ("n3x停车" AND "n3x车位") OR ("n12x停车" AND "n12x车位").
func hoodFTS5Query(hoods []int64, text string) string {
	var b strings.Builder
	for i, id := range hoods {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteByte('(')
		b.WriteString(textsearch.FTS5QueryWithPrefix(text, "n"+strconv.FormatInt(id, 10)+"x"))
		b.WriteByte(')')
	}
	return b.String()
}

// hoodTSQuery returns the tsquery that matches any of the neighborhoods'
// lexemes: '@3' | '@12'. It is read as a tsquery literal, not parsed as text,
// so the '@' stays.
func hoodTSQuery(hoods []int64) string {
	var b strings.Builder
	for i, id := range hoods {
		if i > 0 {
			b.WriteString(" | ")
		}
		b.WriteString(`'@`)
		b.WriteString(strconv.FormatInt(id, 10))
		b.WriteByte('\'')
	}
	return b.String()
}

// searchSubstring finds the newest visible topics whose title or body holds
// a one-character token, which the bigram index cannot look up.
func (s *Store) searchSubstring(ctx context.Context, hoods []int64, tok string, limit int) ([]*Topic, error) {
	like := "%" + strings.NewReplacer("%", "", "_", "").Replace(tok) + "%"
	args := append(ids(hoods), like, like, limit)
	return s.queryTopics(ctx, `SELECT `+topicCols+topicFrom+` WHERE t.neighborhood_id IN (?`+repeatMarks(len(hoods)-1)+`)
		AND t.status = 'visible' AND (t.title LIKE ? OR t.body LIKE ?) ORDER BY t.id DESC LIMIT ?`, args...)
}

// topicsInOrder reads the visible topics with the given ids, in that order.
func (s *Store) topicsInOrder(ctx context.Context, order []int64) ([]*Topic, error) {
	if len(order) == 0 {
		return nil, nil
	}
	found, err := s.queryTopics(ctx, `SELECT `+topicCols+topicFrom+` WHERE t.id IN (?`+repeatMarks(len(order)-1)+`)
		AND t.status = 'visible'`, ids(order)...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Topic, len(found))
	for _, t := range found {
		byID[t.ID] = t
	}
	out := make([]*Topic, 0, len(order))
	for _, id := range order {
		if t := byID[id]; t != nil {
			out = append(out, t)
		}
	}
	return out, nil
}

func (s *Store) queryTopics(ctx context.Context, query string, args ...any) ([]*Topic, error) {
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
	if err := rows.Err(); err != nil {
		return nil, errs.Internalf("board: search: %w", err)
	}
	return out, nil
}

func ids(xs []int64) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
