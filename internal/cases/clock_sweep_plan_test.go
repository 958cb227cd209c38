package cases

import (
	"context"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/db/dbtest"
)

// TestSweepStatementsUseIndexes reads SQLite's plan for every sweep
// statement: none may scan the cases table, or a sweep over a million open
// cases would read them all.
func TestSweepStatementsUseIndexes(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	for _, st := range []struct {
		name string
		q    string
		n    int
	}{
		{"claimReminders", claimReminders, 5}, {"claimRemindersChanged", claimRemindersChanged, 5},
		{"claimEscalation", claimEscalation, 7}, {"claimEscalationChanged", claimEscalationChanged, 7}, {"claimAutoClose", claimAutoClose, 5},
		{"claimFollowUp", claimFollowUp, 5}, {"remindEvents", remindEvents, 2}, {"escalateEvents", escalateEvents, 4},
		{"escalate", escalate, 5}, {"autoCloseEvents", autoCloseEvents, 2}, {"autoClose", autoClose, 3},
		{"notifyRespond", notifyRespond, 4}, {"notifyResolve", notifyResolve, 6}, {"notifyEscalated", notifyEscalated, 8},
		{"notifyEscalatedDistrict", notifyEscalatedDistrict, 3}, {"notifyReporter", notifyReporter, 5}, {"patrolInsert", patrolInsert, 11},
	} {
		args := make([]any, st.n)
		for i := range args {
			args[i] = 1
		}
		rows, err := d.QueryContext(ctx, "EXPLAIN QUERY PLAN "+st.q, args...)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		t.Logf("%s:\n  %s", st.name, strings.Join(plan, "\n  "))
		for _, p := range plan {
			if strings.HasPrefix(p, "SCAN cases") || strings.HasPrefix(p, "SCAN c ") || p == "SCAN c" {
				t.Errorf("%s scans the cases table: %s", st.name, p)
			}
		}
	}
}
