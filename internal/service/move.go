package service

import (
	"context"

	"github.com/linli-dev/linli/internal/board"
)

// moveTargets lists the sections a moderator may move a topic to: the other
// sections of its own board (Moderate with ActMove refuses any other).
func (s *Service) moveTargets(ctx context.Context, t *board.Topic) ([]*board.Section, error) {
	all, err := s.Board.Sections(ctx, t.NeighborhoodID)
	if err != nil {
		return nil, err
	}
	out := make([]*board.Section, 0, len(all))
	for _, sec := range all {
		if sec.ID != t.SectionID {
			out = append(out, sec)
		}
	}
	return out, nil
}
