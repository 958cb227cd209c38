package polls

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"strings"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Ballot is one voter's choices as a channel brings them.
type Ballot struct {
	VoterKey  int64
	Channel   Channel
	Serial    string // the paper sheet's or the door-to-door slip's number
	Choices   []int  // option positions
	VoterID   int64  // the person who voted online, 0 otherwise
	EnteredBy int64  // the cadre who entered a paper or door-to-door ballot
}

// Mask checks choices against the poll (positions, count between min and
// max, no repeats) and packs them into the stored mask. Errors: invalid.
func Mask(p *Poll, nOptions int, choices []int) (int64, error) {
	var m int64
	for _, c := range choices {
		if c < 0 || c >= nOptions {
			return 0, errs.Field("choices", "polls.bad_choice")
		}
		if m&(1<<c) != 0 {
			return 0, errs.Field("choices", "polls.bad_choice")
		}
		m |= 1 << c
	}
	if n := len(choices); n < p.MinChoices || n > p.MaxChoices {
		if p.MinChoices == p.MaxChoices {
			return 0, errs.Field("choices", "polls.choose_exactly", p.MinChoices)
		}
		return 0, errs.Field("choices", "polls.choose_between", p.MinChoices, p.MaxChoices)
	}
	return m, nil
}

// Positions unpacks a mask.
func Positions(m int64) []int {
	var out []int
	for i := 0; m != 0; i++ {
		if m&1 != 0 {
			out = append(out, i)
		}
		m >>= 1
	}
	return out
}

// Elector is one member of a poll's fixed electorate.
type Elector struct {
	VoterKey    int64
	HouseholdID int64
	Area        int64
	Label       string // building and room
}

// VoterFor returns the elector a person votes as in a poll. Errors: forbidden
// (not in the electorate fixed at opening).
func (s *Store) VoterFor(ctx context.Context, pollID, userID int64) (*Elector, error) {
	var e Elector
	err := s.DB.QueryRowContext(ctx, `SELECT e.voter_key, e.household_id, e.area, e.label FROM poll_voters v
		JOIN poll_electors e ON e.poll_id = v.poll_id AND e.voter_key = v.voter_key
		WHERE v.poll_id = ? AND v.user_id = ?`, pollID, userID).Scan(&e.VoterKey, &e.HouseholdID, &e.Area, &e.Label)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.Forbidden, "polls.not_elector")
	}
	if err != nil {
		return nil, errs.Internalf("polls: voter: %w", err)
	}
	return &e, nil
}

// Elector returns a member of the electorate by voter key. Errors: invalid.
func (s *Store) Elector(ctx context.Context, pollID, voterKey int64) (*Elector, error) {
	return s.elector(ctx, s.DB, pollID, voterKey)
}

func (s *Store) elector(ctx context.Context, q db.Querier, pollID, voterKey int64) (*Elector, error) {
	e := Elector{VoterKey: voterKey}
	err := q.QueryRowContext(ctx, `SELECT household_id, area, label FROM poll_electors WHERE poll_id = ? AND voter_key = ?`,
		pollID, voterKey).Scan(&e.HouseholdID, &e.Area, &e.Label)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.Field("voter", "polls.not_elector_key")
	}
	if err != nil {
		return nil, errs.Internalf("polls: elector: %w", err)
	}
	return &e, nil
}

// Cast records a ballot and returns its receipt code. It shares a durable
// commit with other ballots (db.GroupTx) and answers only after it. A voter
// who already has a counted ballot gets conflict (polls.already_voted) and
// the refused ballot is kept for review; a ballot outside the poll's window
// gets conflict (polls.closed). Errors: invalid, conflict.
func (s *Store) Cast(ctx context.Context, p *Poll, b Ballot) (string, error) {
	mask, err := Mask(p, p.OptionCount, b.Choices)
	if err != nil {
		return "", err
	}
	e, err := s.elector(ctx, s.DB, p.ID, b.VoterKey)
	if err != nil {
		return "", err
	}
	if !p.IsOpenAt(s.Now()) {
		return "", errs.New(errs.Conflict, "polls.closed")
	}
	var receipt string
	var out castResult
	err = s.DB.GroupTx(ctx, func(tx *db.Tx) error {
		var err error
		receipt, out, err = s.castIn(ctx, tx, p, b, mask, e.Area)
		return err
	})
	switch {
	case err != nil:
		return "", err
	case out == castClosed:
		return "", errs.New(errs.Conflict, "polls.closed")
	case out == castDuplicate:
		return "", errs.New(errs.Conflict, "polls.already_voted")
	}
	return receipt, nil
}

// castResult is what became of a ballot that castIn wrote without error. A
// refusal is a result rather than an error because the unit committed what
// it wrote (a reject for review) or wrote nothing, so its batch needs no
// rollback.
type castResult int

const (
	castCounted   castResult = iota
	castDuplicate            // the voter already has a counted ballot; this one is kept for review
	castClosed               // the poll was not open at the server's clock
)

// channelColumn is the per-channel counter a ballot moves.
var channelColumn = map[Channel]string{Online: "online_count", Paper: "paper_count", Door: "door_count"}

// castIn writes one ballot inside tx: the poll's counters, guarded by its
// state and window (so a ballot cannot slip in behind a close), and the ballot
// under its unique (poll, voter) key; a second ballot for the voter is
// recorded as a reject instead. The caller checked mask.
func (s *Store) castIn(ctx context.Context, tx *db.Tx, p *Poll, b Ballot, mask, area int64) (string, castResult, error) {
	col, ok := channelColumn[b.Channel]
	if !ok {
		return "", castCounted, errs.Field("channel", "polls.bad_channel")
	}
	now := s.Now().UnixMilli()
	receipt := NewReceipt()
	if tx.Dialect() == db.Postgres {
		out, err := s.castPostgres(ctx, tx, p, b, col, mask, area, receipt, now)
		if out != castCounted || err != nil {
			receipt = ""
		}
		return receipt, out, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE polls SET ballot_count = ballot_count + 1, ballot_area = ballot_area + ?, `+col+` = `+col+` + 1
		WHERE id = ? AND state = 'open' AND opens_at <= ? AND closes_at > ?`, area, p.ID, now, now)
	if err != nil {
		return "", castCounted, errs.Internalf("polls: count ballot: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return "", castClosed, nil
	}
	res, err = tx.ExecContext(ctx, `INSERT INTO poll_ballots (poll_id, voter_key, district_id, channel, serial, choices, area, receipt,
		voter_id, entered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (poll_id, voter_key) DO NOTHING`,
		p.ID, b.VoterKey, p.DistrictID, b.Channel, b.Serial, mask, area, receipt, nullable(b.VoterID), nullable(b.EnteredBy), now)
	if err != nil {
		return "", castCounted, errs.Internalf("polls: ballot: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE polls SET ballot_count = ballot_count - 1, ballot_area = ballot_area - ?,
			`+col+` = `+col+` - 1, reject_count = reject_count + 1 WHERE id = ?`, area, p.ID); err != nil {
			return "", castCounted, errs.Internalf("polls: uncount: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO poll_rejects (poll_id, voter_key, channel, serial, choices, by_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, p.ID, b.VoterKey, b.Channel, b.Serial, mask, nullable(b.VoterID+b.EnteredBy), now); err != nil {
			return "", castCounted, errs.Internalf("polls: reject: %w", err)
		}
		return "", castDuplicate, nil
	}
	pos := Positions(mask)
	args := []any{area, p.ID}
	for _, x := range pos {
		args = append(args, x)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE poll_options SET votes = votes + 1, area = area + ?
		WHERE poll_id = ? AND position IN (?`+strings.Repeat(", ?", len(pos)-1)+`)`, args...); err != nil {
		return "", castCounted, errs.Internalf("polls: tally: %w", err)
	}
	return receipt, castCounted, nil
}

// castPostgres is castIn in one statement, so a ballot costs the shared
// committer one round trip. Its parts see one snapshot and talk only through
// RETURNING: the poll row is locked first (a close waiting on it, or
// committed before it, leaves no open row), the ballot or else the reject is
// inserted from it, and the counters move by what was inserted.
func (s *Store) castPostgres(ctx context.Context, tx *db.Tx, p *Poll, b Ballot, col string, mask, area int64, receipt string, now int64) (castResult, error) {
	var open, counts int
	err := tx.QueryRowContext(ctx, `WITH open AS (
			SELECT id FROM polls WHERE id = $1 AND state = 'open' AND opens_at <= $2 AND closes_at > $2 FOR UPDATE),
		ballot AS (
			INSERT INTO poll_ballots (poll_id, voter_key, district_id, channel, serial, choices, area, receipt, voter_id, entered_by, created_at)
			SELECT id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $2 FROM open
			ON CONFLICT (poll_id, voter_key) DO NOTHING RETURNING poll_id),
		reject AS (
			INSERT INTO poll_rejects (poll_id, voter_key, channel, serial, choices, by_id, created_at)
			SELECT id, $3, $5, $6, $7, $12, $2 FROM open WHERE NOT EXISTS (SELECT 1 FROM ballot) RETURNING poll_id),
		poll AS (
			UPDATE polls SET ballot_count = ballot_count + n.b, ballot_area = ballot_area + $8 * n.b, `+col+` = `+col+` + n.b,
				reject_count = reject_count + n.r
			FROM (SELECT (SELECT count(*) FROM ballot) AS b, (SELECT count(*) FROM reject) AS r) n
			WHERE id = $1 AND EXISTS (SELECT 1 FROM open) RETURNING 1),
		options AS (
			UPDATE poll_options SET votes = votes + 1, area = area + $8
			WHERE poll_id = $1 AND position = ANY($13) AND EXISTS (SELECT 1 FROM ballot) RETURNING 1)
		SELECT (SELECT count(*) FROM open), (SELECT count(*) FROM ballot)`,
		p.ID, now, b.VoterKey, p.DistrictID, b.Channel, b.Serial, mask, area, receipt, nullable(b.VoterID), nullable(b.EnteredBy),
		nullable(b.VoterID+b.EnteredBy), Positions(mask)).Scan(&open, &counts)
	switch {
	case err != nil:
		return castCounted, errs.Internalf("polls: ballot: %w", err)
	case open == 0:
		return castClosed, nil
	case counts == 0:
		return castDuplicate, nil
	}
	return castCounted, nil
}

// receiptAlphabet is Crockford's base32: no I, L, O or U to misread.
const receiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewReceipt returns a random receipt code, 50 bits as "XXXXX-XXXXX".
func NewReceipt() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	out := make([]byte, 0, 11)
	for i, x := range b {
		if i == 5 {
			out = append(out, '-')
		}
		out = append(out, receiptAlphabet[x&31])
	}
	return string(out)
}

// NormalizeReceipt upper-cases a typed receipt and puts the dash back.
func NormalizeReceipt(s string) string {
	s = strings.ToUpper(strings.NewReplacer("-", "", " ", "", "O", "0", "I", "1", "L", "1").Replace(strings.TrimSpace(s)))
	if len(s) != 10 {
		return s
	}
	return s[:5] + "-" + s[5:]
}
