package messages

import (
	"strings"

	"github.com/linli-dev/linli/internal/org"
)

// UnreadQuery returns a scalar SQL expression, with its arguments, that
// counts the messages waiting for a person: replies in their own threads, and
// for staff the residents' messages in the threads they answer (committee
// threads of the neighborhoods under committeeUnder, place paths, and threads
// to unitIDs). It is a fragment so that the navigation can read it together
// with the inbox's count in one round trip on every page.
func UnreadQuery(userID int64, committeeUnder []string, unitIDs []int64) (string, []any) {
	parts := []string{`(SELECT COALESCE(SUM(resident_unread), 0) FROM message_threads WHERE resident_id = ?)`}
	args := []any{userID}
	if len(committeeUnder) > 0 {
		ranges := make([]string, len(committeeUnder))
		for i, p := range committeeUnder {
			ranges[i] = `(path >= ? AND path < ?)`
			args = append(args, p, org.PathEnd(p))
		}
		parts = append(parts, `(SELECT COALESCE(SUM(staff_unread), 0) FROM message_threads WHERE staff_unread > 0 AND unit_id IS NULL
			AND neighborhood_id IN (SELECT id FROM places WHERE kind = 'neighborhood' AND (`+strings.Join(ranges, ` OR `)+`))
			AND resident_id <> ?)`)
		args = append(args, userID)
	}
	if len(unitIDs) > 0 {
		parts = append(parts, `(SELECT COALESCE(SUM(staff_unread), 0) FROM message_threads WHERE staff_unread > 0
			AND unit_id IN (?`+strings.Repeat(`, ?`, len(unitIDs)-1)+`) AND resident_id <> ?)`)
		for _, id := range unitIDs {
			args = append(args, id)
		}
		args = append(args, userID)
	}
	return strings.Join(parts, ` + `), args
}
