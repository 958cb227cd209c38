package service

import (
	"context"
	"fmt"
	"strings"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/i18n"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/polls"
)

// ClosePoll closes a poll once its closing time has passed, in one
// transaction: the ballot list's hash and the outcome are stored, a result
// notice (公示) with the committee's commitment goes on the board's
// announcements, a tick list's winning projects move to selected, and an
// owners' resolution on a project that passed approves its owners' shares.
// Errors: unauthorized, forbidden, not_found, conflict (not open, or before
// the closing time).
func (s *Service) ClosePoll(ctx context.Context, p *Principal, id int64) (*polls.Result, error) {
	pl, hood, err := s.pollFor(ctx, p, access.ManagePolls, id)
	if err != nil {
		return nil, err
	}
	sections, err := s.ensureSections(ctx, hood)
	if err != nil {
		return nil, err
	}
	var notices *board.Section
	for _, sec := range sections {
		if sec.Kind == board.Announcements {
			notices = sec
		}
	}
	if notices == nil {
		return nil, errs.Internalf("service: %s has no announcements section", hood.Name)
	}
	var out *polls.Result
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		r, err := s.PollStore.Close(ctx, tx, pl.ID)
		if err != nil {
			return err
		}
		out = r
		topicID, err := s.Board.CreateIn(ctx, tx, notices, p.User.ID, board.Draft{Title: noticeTitle(r.Poll),
			Body: NoticeBody(i18n.ZH, r), Category: "other"}, board.Visible, "")
		if err != nil {
			return err
		}
		if err := s.PollStore.SetNotice(ctx, tx, pl.ID, topicID); err != nil {
			return err
		}
		r.Poll.NoticeTopicID = topicID
		if len(r.Winners) > 0 {
			var ids []int64
			for _, o := range r.Winners {
				if o.ProjectID != 0 {
					ids = append(ids, o.ProjectID)
				}
			}
			if len(ids) > 0 {
				if _, err := s.SelectByPoll(ctx, tx, pl.ID, ids); err != nil {
					return err
				}
			}
		}
		if r.Resolution != nil && r.Resolution.Passed() && r.Poll.ProjectID != 0 {
			if _, err := s.ApproveByPoll(ctx, tx, r.Poll.ProjectID, pl.ID); err != nil {
				return err
			}
		}
		return s.auditPoll(ctx, tx, p, hood, pl.ID, "poll.closed", r.Poll.Outcome)
	})
	return out, err
}

func noticeTitle(p *polls.Poll) string {
	t := i18n.T(i18n.ZH, "polls.notice_title", p.Title)
	if r := []rune(t); len(r) > board.MaxTitleRunes {
		t = string(r[:board.MaxTitleRunes])
	}
	return t
}

// NoticeBody writes a result notice in lang: each option's count (and floor
// area for owners' votes), the outcome and, for an owners' resolution, which
// threshold failed, the counts per channel, the committee's commitment, and
// the ballot list's hash with how to check a receipt.
func NoticeBody(lang i18n.Lang, r *polls.Result) string {
	p := r.Poll
	var b strings.Builder
	line := func(key string, args ...any) { b.WriteString(i18n.T(lang, key, args...) + "\n") }
	line("polls.notice_turnout", p.BallotCount, p.ElectorCount)
	if r.Resolution != nil {
		a := r.Resolution
		for _, o := range r.Options {
			line("polls.notice_assembly_option", i18n.T(lang, "polls.answer."+o.Label), o.Votes, org.FormatArea(o.Area))
		}
		line("polls.notice_area", org.FormatArea(a.VotedArea), org.FormatArea(a.Area))
		if a.Passed() {
			line("polls.outcome.passed")
		} else {
			var failed []string
			for _, t := range a.Failed {
				failed = append(failed, i18n.T(lang, "polls.threshold."+string(t)))
			}
			line("polls.outcome.failed", strings.Join(failed, i18n.T(lang, "polls.list_sep")))
		}
	} else {
		for i, o := range r.Ranked {
			line("polls.notice_rank", i+1, o.Label, o.Votes)
		}
		if len(r.Winners) > 0 {
			var names []string
			for _, o := range r.Winners {
				names = append(names, o.Label)
			}
			line("polls.notice_winners", strings.Join(names, i18n.T(lang, "polls.list_sep")))
		}
	}
	line("polls.notice_channels", p.OnlineCount, p.PaperCount, p.DoorCount, p.RejectCount)
	if p.Commitment != "" {
		line("polls.notice_commitment", p.Commitment)
	}
	line("polls.notice_hash", p.ResultHash)
	b.WriteString(i18n.T(lang, "polls.notice_receipts", fmt.Sprintf("/polls/%d/ballots", p.ID)))
	return b.String()
}
