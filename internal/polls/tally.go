package polls

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Tally is a count recomputed from the stored ballots.
type Tally struct {
	Ballots             int
	Area                int64
	Online, Paper, Door int
	Votes               []int   // by option position
	Areas               []int64 // by option position
}

// Recount recomputes a poll's tally from its ballots in one scan: each
// option's votes are the ballots whose mask has its bit.
func (s *Store) Recount(ctx context.Context, pollID int64, nOptions int) (*Tally, error) {
	return s.recount(ctx, s.DB, pollID, nOptions)
}

func (s *Store) recount(ctx context.Context, q db.Querier, pollID int64, nOptions int) (*Tally, error) {
	var b strings.Builder
	b.WriteString(`SELECT COUNT(*), COALESCE(SUM(area), 0), COALESCE(SUM(CASE WHEN channel = 'online' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN channel = 'paper' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN channel = 'door' THEN 1 ELSE 0 END), 0)`)
	for i := 0; i < nOptions; i++ {
		fmt.Fprintf(&b, ", COALESCE(SUM((choices >> %d) & 1), 0), COALESCE(SUM(((choices >> %d) & 1) * area), 0)", i, i)
	}
	b.WriteString(` FROM poll_ballots WHERE poll_id = ?`)
	t := &Tally{Votes: make([]int, nOptions), Areas: make([]int64, nOptions)}
	dest := []any{&t.Ballots, &t.Area, &t.Online, &t.Paper, &t.Door}
	for i := 0; i < nOptions; i++ {
		dest = append(dest, &t.Votes[i], &t.Areas[i])
	}
	if err := q.QueryRowContext(ctx, b.String(), pollID).Scan(dest...); err != nil {
		return nil, errs.Internalf("polls: recount: %w", err)
	}
	return t, nil
}

// Matches reports how the counters differ from a recount ("" when they agree).
func (t *Tally) Matches(p *Poll, opts []Option) string {
	var diffs []string
	if t.Ballots != p.BallotCount || t.Area != p.BallotArea {
		diffs = append(diffs, fmt.Sprintf("ballots %d/%d area %d/%d", t.Ballots, p.BallotCount, t.Area, p.BallotArea))
	}
	if t.Online != p.OnlineCount || t.Paper != p.PaperCount || t.Door != p.DoorCount {
		diffs = append(diffs, "channels")
	}
	for _, o := range opts {
		if o.Position < len(t.Votes) && (t.Votes[o.Position] != o.Votes || t.Areas[o.Position] != o.Area) {
			diffs = append(diffs, fmt.Sprintf("option %d: %d/%d", o.Position, t.Votes[o.Position], o.Votes))
		}
	}
	return strings.Join(diffs, "; ")
}

// PublicBallot is one line of a poll's published ballot list: what anyone may
// check their receipt against. It names no voter.
type PublicBallot struct {
	Receipt string
	Channel Channel
	Choices int64
	Area    int64
}

// Line is the ballot's canonical line, the unit of the result hash.
func (b PublicBallot) Line() string {
	return b.Receipt + " " + string(b.Channel) + " " + strconv.FormatInt(b.Choices, 10) + " " + strconv.FormatInt(b.Area, 10) + "\n"
}

// Hash is SHA-256 over the canonical lines of every ballot ordered by
// receipt, hex-encoded: the hash the result publishes.
func (s *Store) Hash(ctx context.Context, pollID int64) (string, int, error) {
	return s.hash(ctx, s.DB, pollID)
}

func (s *Store) hash(ctx context.Context, q db.Querier, pollID int64) (string, int, error) {
	h := sha256.New()
	n, err := s.eachBallot(ctx, q, pollID, h)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// eachBallot writes every ballot's canonical line to h in receipt order.
func (s *Store) eachBallot(ctx context.Context, q db.Querier, pollID int64, h hash.Hash) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT receipt, channel, choices, area FROM poll_ballots WHERE poll_id = ? ORDER BY receipt`, pollID)
	if err != nil {
		return 0, errs.Internalf("polls: ballots: %w", err)
	}
	defer rows.Close()
	w := bufio.NewWriterSize(h, 64<<10)
	n := 0
	var line []byte
	for rows.Next() {
		var b PublicBallot
		if err := rows.Scan(&b.Receipt, &b.Channel, &b.Choices, &b.Area); err != nil {
			return 0, errs.Internalf("polls: scan ballot: %w", err)
		}
		line = append(line[:0], b.Receipt...)
		line = append(line, ' ')
		line = append(line, b.Channel...)
		line = append(line, ' ')
		line = strconv.AppendInt(line, b.Choices, 10)
		line = append(line, ' ')
		line = strconv.AppendInt(line, b.Area, 10)
		line = append(line, '\n')
		_, _ = w.Write(line)
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, errs.Internalf("polls: ballots: %w", err)
	}
	return n, w.Flush()
}

// Ballots returns one page of the published list in receipt order, after a
// receipt ("" = from the start).
func (s *Store) Ballots(ctx context.Context, pollID int64, after string, limit int) ([]PublicBallot, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT receipt, channel, choices, area FROM poll_ballots WHERE poll_id = ? AND receipt > ?
		ORDER BY receipt LIMIT ?`, pollID, after, limit)
	if err != nil {
		return nil, errs.Internalf("polls: ballot page: %w", err)
	}
	defer rows.Close()
	var out []PublicBallot
	for rows.Next() {
		var b PublicBallot
		if err := rows.Scan(&b.Receipt, &b.Channel, &b.Choices, &b.Area); err != nil {
			return nil, errs.Internalf("polls: scan ballot: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Receipt finds a ballot by its receipt code. Errors: not_found.
func (s *Store) Receipt(ctx context.Context, pollID int64, code string) (*PublicBallot, error) {
	b := PublicBallot{Receipt: NormalizeReceipt(code)}
	err := s.DB.QueryRowContext(ctx, `SELECT channel, choices, area FROM poll_ballots WHERE poll_id = ? AND receipt = ?`,
		pollID, b.Receipt).Scan(&b.Channel, &b.Choices, &b.Area)
	if err != nil {
		return nil, errs.New(errs.NotFound, "polls.receipt_not_found")
	}
	return &b, nil
}

// Verification is what `linli poll verify` reports.
type Verification struct {
	Poll       *Poll
	Tally      *Tally
	Hash       string
	HashOK     bool
	CountersOK string // "" when the counters agree with the recount
}

// OK reports whether the stored result stands.
func (v *Verification) OK() bool { return v.HashOK && v.CountersOK == "" }

// Verify recomputes a closed poll's tally from its stored ballots and checks
// it against the counters, and the ballot list's hash against the published
// one. Errors: not_found, conflict (not closed).
func (s *Store) Verify(ctx context.Context, pollID int64) (*Verification, error) {
	p, err := s.Poll(ctx, pollID)
	if err != nil {
		return nil, err
	}
	if p.State != Closed {
		return nil, errs.New(errs.Conflict, "polls.not_closed")
	}
	opts, err := s.Options(ctx, pollID)
	if err != nil {
		return nil, err
	}
	v := &Verification{Poll: p}
	if v.Tally, err = s.Recount(ctx, pollID, len(opts)); err != nil {
		return nil, err
	}
	if v.Hash, _, err = s.Hash(ctx, pollID); err != nil {
		return nil, err
	}
	v.HashOK = v.Hash == p.ResultHash
	v.CountersOK = v.Tally.Matches(p, opts)
	return v, nil
}

// Voted lists which voter keys of a poll have a counted ballot: what cadres
// see of a secret poll (who voted, never how).
func (s *Store) Voted(ctx context.Context, pollID int64) (map[int64]Channel, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT voter_key, channel FROM poll_ballots WHERE poll_id = ?`, pollID)
	if err != nil {
		return nil, errs.Internalf("polls: voted: %w", err)
	}
	defer rows.Close()
	out := map[int64]Channel{}
	for rows.Next() {
		var k int64
		var c Channel
		if err := rows.Scan(&k, &c); err != nil {
			return nil, errs.Internalf("polls: voted: %w", err)
		}
		out[k] = c
	}
	return out, rows.Err()
}

// Electors lists a poll's fixed electorate in label order.
func (s *Store) Electors(ctx context.Context, pollID int64) ([]Elector, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT voter_key, household_id, area, label FROM poll_electors WHERE poll_id = ? ORDER BY label, voter_key`, pollID)
	if err != nil {
		return nil, errs.Internalf("polls: electors: %w", err)
	}
	defer rows.Close()
	var out []Elector
	for rows.Next() {
		var e Elector
		if err := rows.Scan(&e.VoterKey, &e.HouseholdID, &e.Area, &e.Label); err != nil {
			return nil, errs.Internalf("polls: electors: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Reject is a refused second ballot, kept for review.
type Reject struct {
	ID       int64
	VoterKey int64
	Channel  Channel
	Serial   string
	At       int64
}

// Rejects lists a poll's refused ballots, oldest first.
func (s *Store) Rejects(ctx context.Context, pollID int64) ([]Reject, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, voter_key, channel, serial, created_at FROM poll_rejects WHERE poll_id = ? ORDER BY id LIMIT 500`, pollID)
	if err != nil {
		return nil, errs.Internalf("polls: rejects: %w", err)
	}
	defer rows.Close()
	var out []Reject
	for rows.Next() {
		var r Reject
		if err := rows.Scan(&r.ID, &r.VoterKey, &r.Channel, &r.Serial, &r.At); err != nil {
			return nil, errs.Internalf("polls: rejects: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// BallotChannel reports how a voter's counted ballot came in ("" = none yet).
func (s *Store) BallotChannel(ctx context.Context, pollID, voterKey int64) (Channel, error) {
	var c Channel
	err := s.DB.QueryRowContext(ctx, `SELECT channel FROM poll_ballots WHERE poll_id = ? AND voter_key = ?`, pollID, voterKey).Scan(&c)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", errs.Internalf("polls: ballot channel: %w", err)
	}
	return c, nil
}
