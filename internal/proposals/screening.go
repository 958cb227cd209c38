package proposals

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/moderation"
)

// DefaultMinCosigners is how many co-signers a joint proposal needs where a
// place has not set its own number.
const DefaultMinCosigners = 3

// Limits on the lists.
const (
	MaxListEntries    = 2000
	MaxNameRunes      = 40
	MaxExplainRunes   = 500
	MaxWordsPerItem   = 50
	MaxCosignersLimit = 100
)

// Category is one entry of the encouraged list (楼道, 环境整治, 安全, ...).
type Category struct {
	ID   int64
	Name string
}

// Item is one entry of the negative list: what cannot be a proposal, the
// words that reveal it, and the explanation the author is shown.
type Item struct {
	ID          int64
	Name        string
	Words       []string
	Explanation string
}

// Lists are the screening rules in force at a place: its own, or its
// street's when it has none.
type Lists struct {
	PlaceID      int64 // the place whose rows these are; 0 when none anywhere
	Own          bool  // whether the neighborhood has its own lists
	Version      int64
	MinCosigners int
	Encouraged   []Category
	Negative     []Item
}

// Screener is a compiled version of a place's lists: an Aho–Corasick
// automaton over every negative-list word, built once per list version. It
// is immutable and safe for concurrent use.
type Screener struct {
	Lists      *Lists
	words      *moderation.List
	byWord     map[string]*Item
	encouraged map[string]bool
}

// NewScreener compiles lists.
func NewScreener(l *Lists) *Screener {
	sc := &Screener{Lists: l, byWord: map[string]*Item{}, encouraged: map[string]bool{}}
	var words []string
	for i := range l.Negative {
		it := &l.Negative[i]
		for _, w := range it.Words {
			if _, dup := sc.byWord[w]; !dup {
				sc.byWord[w] = it
				words = append(words, w)
			}
		}
	}
	sc.words = moderation.NewList(words)
	for _, c := range l.Encouraged {
		sc.encouraged[c.Name] = true
	}
	return sc
}

// Verdict is what screening says of a proposal.
type Verdict struct {
	// Item is the negative-list entry matched, with Word the listed word
	// found; nil when nothing matched.
	Item *Item
	Word string
	// Encouraged reports whether the category is on the encouraged list;
	// a clean proposal outside it goes to a cadre's review.
	Encouraged bool
}

// Screen checks a proposal's title, body and category against the lists.
func (sc *Screener) Screen(title, body, category string) Verdict {
	v := Verdict{Encouraged: sc.encouraged[category]}
	for _, text := range []string{title, body} {
		if m, ok := sc.words.First(text); ok {
			v.Item, v.Word = sc.byWord[m.Word], m.Word
			return v
		}
	}
	return v
}

// screenCache keeps one compiled Screener per place, replaced when the
// place's list version moves.
type screenCache struct {
	mu sync.Mutex
	m  map[int64]*Screener
}

func (c *screenCache) get(placeID, version int64) *Screener {
	c.mu.Lock()
	defer c.mu.Unlock()
	if sc := c.m[placeID]; sc != nil && sc.Lists.Version == version {
		return sc
	}
	return nil
}

func (c *screenCache) put(sc *Screener) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int64]*Screener{}
	}
	c.m[sc.Lists.PlaceID] = sc
}

// listsPlace finds whose lists apply at a neighborhood: its own, else its
// street's; placeID is 0 when neither has lists.
func (s *Store) listsPlace(ctx context.Context, q db.Querier, at Place) (placeID, version int64, minCos int, err error) {
	rows, err := q.QueryContext(ctx, `SELECT place_id, version, min_cosigners FROM screening_lists WHERE place_id IN (?, ?)`, at.NeighborhoodID, at.StreetID)
	if err != nil {
		return 0, 0, 0, errs.Internalf("proposals: lists place: %w", err)
	}
	defer rows.Close()
	minCos = DefaultMinCosigners
	for rows.Next() {
		var id, v int64
		var n int
		if err := rows.Scan(&id, &v, &n); err != nil {
			return 0, 0, 0, errs.Internalf("proposals: scan lists place: %w", err)
		}
		if placeID == 0 || id == at.NeighborhoodID {
			placeID, version, minCos = id, v, n
		}
	}
	return placeID, version, minCos, rows.Err()
}

// Screener returns the compiled lists in force at a neighborhood, from the
// cache when the version has not moved.
func (s *Store) Screener(ctx context.Context, at Place) (*Screener, error) {
	return s.screener(ctx, s.DB, at)
}

func (s *Store) screener(ctx context.Context, q db.Querier, at Place) (*Screener, error) {
	placeID, version, minCos, err := s.listsPlace(ctx, q, at)
	if err != nil {
		return nil, err
	}
	if placeID == 0 {
		return NewScreener(&Lists{MinCosigners: minCos}), nil
	}
	if sc := s.screen.get(placeID, version); sc != nil {
		return sc, nil
	}
	l, err := s.readLists(ctx, q, placeID)
	if err != nil {
		return nil, err
	}
	l.Version, l.MinCosigners, l.Own = version, minCos, placeID == at.NeighborhoodID
	sc := NewScreener(l)
	s.screen.put(sc)
	return sc, nil
}

// ListsAt returns the lists in force at a neighborhood, for the editor.
func (s *Store) ListsAt(ctx context.Context, at Place) (*Lists, error) {
	sc, err := s.Screener(ctx, at)
	if err != nil {
		return nil, err
	}
	return sc.Lists, nil
}

func (s *Store) readLists(ctx context.Context, q db.Querier, placeID int64) (*Lists, error) {
	l := &Lists{PlaceID: placeID}
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM screening_categories WHERE place_id = ? ORDER BY position, id`, placeID)
	if err != nil {
		return nil, errs.Internalf("proposals: categories: %w", err)
	}
	for rows.Next() {
		var c Category
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			rows.Close()
			return nil, errs.Internalf("proposals: scan category: %w", err)
		}
		l.Encouraged = append(l.Encouraged, c)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT id, name, words, explanation FROM screening_items WHERE place_id = ? ORDER BY position, id`, placeID)
	if err != nil {
		return nil, errs.Internalf("proposals: items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it Item
		var words string
		if err := rows.Scan(&it.ID, &it.Name, &words, &it.Explanation); err != nil {
			return nil, errs.Internalf("proposals: scan item: %w", err)
		}
		it.Words = splitWords(words)
		l.Negative = append(l.Negative, it)
	}
	return l, rows.Err()
}

// splitWords reads a negative item's words: one per line or separated by
// commas (either width) or the Chinese enumeration comma.
func splitWords(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == '，' || r == '、' || r == ';' || r == '；' })
	out := f[:0]
	for _, w := range f {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// ListEdit is a whole new version of a place's lists, as the editor posts it.
type ListEdit struct {
	MinCosigners int
	Encouraged   []string
	Negative     []Item
}

// CheckListEdit validates an edit. Errors: invalid.
func CheckListEdit(e *ListEdit) error {
	if e.MinCosigners < 1 || e.MinCosigners > MaxCosignersLimit {
		return errs.Field("min_cosigners", "proposals.bad_min_cosigners", MaxCosignersLimit)
	}
	if len(e.Encouraged)+len(e.Negative) > MaxListEntries {
		return errs.Field("lists", "proposals.list_too_long", MaxListEntries)
	}
	seen := map[string]bool{}
	cats := e.Encouraged[:0]
	for _, c := range e.Encouraged {
		c = strings.TrimSpace(c)
		if c == "" || seen[c] {
			continue
		}
		if utf8.RuneCountInString(c) > MaxNameRunes {
			return errs.Field("encouraged", "error.too_long", MaxNameRunes)
		}
		seen[c] = true
		cats = append(cats, c)
	}
	e.Encouraged = cats
	for i := range e.Negative {
		it := &e.Negative[i]
		it.Name, it.Explanation = strings.TrimSpace(it.Name), strings.TrimSpace(it.Explanation)
		it.Words = splitWords(strings.Join(it.Words, "\n"))
		switch {
		case it.Name == "" || utf8.RuneCountInString(it.Name) > MaxNameRunes:
			return errs.Field("negative", "proposals.bad_item_name", MaxNameRunes)
		case len(it.Words) == 0 || len(it.Words) > MaxWordsPerItem:
			return errs.Field("negative", "proposals.bad_item_words", it.Name, MaxWordsPerItem)
		case it.Explanation == "" || utf8.RuneCountInString(it.Explanation) > MaxExplainRunes:
			return errs.Field("negative", "proposals.bad_item_explanation", it.Name, MaxExplainRunes)
		}
	}
	return nil
}

// SetLists replaces a place's lists (a street's defaults or a neighborhood's
// own) with a new version inside tx; screening picks the new version up at
// once. Errors: invalid.
func (s *Store) SetLists(ctx context.Context, tx *db.Tx, districtID, placeID int64, e ListEdit) (*Lists, error) {
	if err := CheckListEdit(&e); err != nil {
		return nil, err
	}
	now := s.Now().UnixMilli()
	var version int64
	err := tx.QueryRowContext(ctx, `INSERT INTO screening_lists (place_id, district_id, min_cosigners, version, updated_at) VALUES (?, ?, ?, 1, ?)
		ON CONFLICT (place_id) DO UPDATE SET min_cosigners = excluded.min_cosigners, version = screening_lists.version + 1, updated_at = excluded.updated_at
		RETURNING version`, placeID, districtID, e.MinCosigners, now).Scan(&version)
	if err != nil {
		return nil, errs.Internalf("proposals: set lists: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM screening_categories WHERE place_id = ?`, placeID); err != nil {
		return nil, errs.Internalf("proposals: clear categories: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM screening_items WHERE place_id = ?`, placeID); err != nil {
		return nil, errs.Internalf("proposals: clear items: %w", err)
	}
	for i, c := range e.Encouraged {
		if _, err := tx.ExecContext(ctx, `INSERT INTO screening_categories (place_id, district_id, name, position) VALUES (?, ?, ?, ?)`,
			placeID, districtID, c, i); err != nil {
			return nil, errs.Internalf("proposals: add category: %w", err)
		}
	}
	for i, it := range e.Negative {
		if _, err := tx.ExecContext(ctx, `INSERT INTO screening_items (place_id, district_id, name, words, explanation, position) VALUES (?, ?, ?, ?, ?, ?)`,
			placeID, districtID, it.Name, strings.Join(it.Words, "\n"), it.Explanation, i); err != nil {
			return nil, errs.Internalf("proposals: add item: %w", err)
		}
	}
	l, err := s.readLists(ctx, tx, placeID)
	if err != nil {
		return nil, err
	}
	l.Version, l.MinCosigners = version, e.MinCosigners
	return l, nil
}

// HasOwnLists reports whether a place keeps lists of its own.
func (s *Store) HasOwnLists(ctx context.Context, placeID int64) (bool, error) {
	var one int
	err := s.DB.QueryRowContext(ctx, `SELECT 1 FROM screening_lists WHERE place_id = ?`, placeID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, errs.Internalf("proposals: own lists: %w", err)
	}
	return true, nil
}
