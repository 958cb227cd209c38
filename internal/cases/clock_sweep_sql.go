package cases

// The sweep's statements. Each claim reads one range of one index, from
// where the last sweep left off to now: the partial deadline index cases_due
// (due_at) for deadlines that passed, cases_updated for cases that changed,
// cases_resolved_at and cases_closed_at for auto-close and follow-up. So a
// sweep reads what is new since the last one, not every overdue case again.
// "+district_id" keeps the planners off the district index, which would read
// every case of the district (unary plus is a no-op in both dialects).
const (
	claimInto = `INSERT INTO case_alarms (case_id, stage, round, district_id, run_id, created_at) `

	remindStage = `CASE WHEN state IN ('submitted','reopened') THEN '` + StageRemindRespond + `' ELSE '` + StageRemindResolve + `' END`

	// Cases whose deadline passed since the last sweep. args: run, now,
	// district, now, since
	claimReminders = claimInto + `SELECT id, ` + remindStage + `, reopens, district_id, ?, ?
		FROM cases WHERE +district_id = ? AND due_at IS NOT NULL AND due_at < ? AND due_at > ?
		ON CONFLICT DO NOTHING`

	// Cases changed since the last sweep (acknowledged late, reopened, moved)
	// whose deadline is already past. args: run, now, district, since, now
	claimRemindersChanged = claimInto + `SELECT id, ` + remindStage + `, reopens, district_id, ?, ?
		FROM cases WHERE district_id = ? AND updated_at > ? AND due_at IS NOT NULL AND due_at < ?
		ON CONFLICT DO NOTHING`

	// args: stage, run, now, district, from level, cutoff, previous cutoff
	claimEscalation = claimInto + `SELECT id, ?, reopens, district_id, ?, ?
		FROM cases WHERE +district_id = ? AND level = ? AND due_at IS NOT NULL AND due_at <= ? AND due_at > ?
		ON CONFLICT DO NOTHING`

	// args: stage, run, now, district, since, from level, cutoff
	claimEscalationChanged = claimInto + `SELECT id, ?, reopens, district_id, ?, ?
		FROM cases WHERE district_id = ? AND updated_at > ? AND level = ? AND due_at IS NOT NULL AND due_at <= ?
		ON CONFLICT DO NOTHING`

	// args: run, now, district, cutoff, previous cutoff
	claimAutoClose = claimInto + `SELECT id, '` + StageAutoClose + `', reopens, district_id, ?, ?
		FROM cases WHERE +district_id = ? AND state = 'resolved' AND resolved_at <= ? AND resolved_at > ?
		ON CONFLICT DO NOTHING`

	// args: run, now, district, closed by, closed after
	claimFollowUp = claimInto + `SELECT id, '` + StageFollowUp + `', reopens, district_id, ?, ?
		FROM cases WHERE +district_id = ? AND state = 'closed' AND closed_at <= ? AND closed_at > ? AND reporter_id IS NOT NULL
		ON CONFLICT DO NOTHING`

	// The watermark moves forward only. args: district, now
	markSwept = `INSERT INTO clock_sweeps (district_id, swept_at) VALUES (?, ?)
		ON CONFLICT (district_id) DO UPDATE SET swept_at = CASE WHEN excluded.swept_at > clock_sweeps.swept_at
			THEN excluded.swept_at ELSE clock_sweeps.swept_at END`

	// PostgreSQL only. args: run
	lockClaimed = `SELECT c.id FROM cases c JOIN case_alarms a ON a.case_id = c.id
		WHERE a.run_id = ? AND a.stage IN ('` + StageEscalateStreet + `','` + StageEscalateDistrict + `','` + StageAutoClose + `')
		ORDER BY c.id FOR UPDATE OF c`

	eventInto = `INSERT INTO case_events (case_id, district_id, kind, from_state, to_state, note, created_at) `
	claimed   = ` FROM case_alarms a JOIN cases c ON c.id = a.case_id WHERE a.run_id = ?`

	// args: now, run
	remindEvents = eventInto + `SELECT c.id, c.district_id, '` + KindRemind + `', c.state, c.state, a.stage, ?` + claimed +
		` AND a.stage IN ('` + StageRemindRespond + `','` + StageRemindResolve + `')`

	// args: now, run, stage, from level
	escalateEvents = eventInto + `SELECT c.id, c.district_id, '` + string(Escalate) + `', c.state, c.state, '', ?` + claimed +
		` AND a.stage = ? AND c.level = ?`

	// args: to level, now, run, stage, from level
	escalate = `UPDATE cases SET level = ?, updated_at = ?, version = version + 1
		WHERE id IN (SELECT case_id FROM case_alarms WHERE run_id = ? AND stage = ?) AND level = ?`

	// args: now, run
	autoCloseEvents = eventInto + `SELECT c.id, c.district_id, '` + string(AutoClose) + `', 'resolved', 'closed', '', ?` + claimed +
		` AND a.stage = '` + StageAutoClose + `' AND c.state = 'resolved'`

	// args: now, now, run
	autoClose = `UPDATE cases SET state = 'closed', closed_at = ?, due_at = NULL, updated_at = ?, version = version + 1
		WHERE id IN (SELECT case_id FROM case_alarms WHERE run_id = ? AND stage = '` + StageAutoClose + `') AND state = 'resolved'`

	noticeInto = `INSERT INTO notifications (user_id, district_id, kind, case_id, detail, created_at)
		SELECT r.user_id, r.district_id, ?, r.case_id, r.title, ? FROM (`
	assignee  = `SELECT c.assignee_id AS user_id, c.district_id, c.id AS case_id, c.title` + claimed
	committee = `SELECT g.user_id, c.district_id, c.id AS case_id, c.title FROM case_alarms a JOIN cases c ON c.id = a.case_id
		JOIN grants g ON g.place_id = c.neighborhood_id AND g.role IN ('cadre','secretary') WHERE a.run_id = ?`
	unitStaff = `SELECT g.user_id, c.district_id, c.id AS case_id, c.title FROM case_alarms a JOIN cases c ON c.id = a.case_id
		JOIN grants g ON g.unit_id = c.lead_unit_id AND g.role = 'unit_staff' WHERE a.run_id = ?`
	coStaff = `SELECT g.user_id, c.district_id, c.id AS case_id, c.title FROM case_alarms a JOIN cases c ON c.id = a.case_id
		JOIN case_handlers h ON h.case_id = c.id JOIN grants g ON g.unit_id = h.unit_id AND g.role = 'unit_staff' WHERE a.run_id = ?`

	// A missed first response reminds the committee, whose move it is, and
	// the assignee of a reopened case. args: kind, now, run, run
	notifyRespond = noticeInto +
		assignee + ` AND a.stage = '` + StageRemindRespond + `' AND c.assignee_id IS NOT NULL
		UNION ` + committee + ` AND a.stage = '` + StageRemindRespond + `') r`

	// A missed resolution reminds whoever handles the case: the assignee and
	// the staff of the handling units; the committee when it handles the case
	// itself or the unit has nobody on linli. args: kind, now, run x4
	notifyResolve = noticeInto +
		assignee + ` AND a.stage = '` + StageRemindResolve + `' AND c.assignee_id IS NOT NULL
		UNION ` + unitStaff + ` AND a.stage = '` + StageRemindResolve + `'
		UNION ` + coStaff + ` AND a.stage = '` + StageRemindResolve + `'
		UNION ` + committee + ` AND a.stage = '` + StageRemindResolve + `' AND c.assignee_id IS NULL
			AND (c.lead_unit_id IS NULL OR NOT EXISTS (SELECT 1 FROM grants s WHERE s.unit_id = c.lead_unit_id AND s.role = 'unit_staff'))) r`

	// An escalation to the street tells the street's admins (their queue has
	// a new case) and the committee. args: kind, now, run, stage, level, run, stage, level
	notifyEscalated = noticeInto + `SELECT g.user_id, c.district_id, c.id AS case_id, c.title FROM case_alarms a JOIN cases c ON c.id = a.case_id
		JOIN grants g ON g.place_id = c.street_id AND g.role = 'street_admin' WHERE a.run_id = ? AND a.stage = ? AND c.level = ?
		UNION ` + committee + ` AND a.stage = ? AND c.level = ?) r`

	// args: kind, now, run
	notifyEscalatedDistrict = noticeInto + `SELECT g.user_id, c.district_id, c.id AS case_id, c.title FROM case_alarms a JOIN cases c ON c.id = a.case_id
		JOIN grants g ON g.place_id = c.district_id AND g.role = 'district_admin'
		WHERE a.run_id = ? AND a.stage = '` + StageEscalateDistrict + `' AND c.level = 'district') r`

	// args: kind, now, run, stage, state
	notifyReporter = `INSERT INTO notifications (user_id, district_id, kind, case_id, detail, created_at)
		SELECT c.reporter_id, c.district_id, ?, c.id, c.title, ?` + claimed + ` AND a.stage = ? AND c.state = ? AND c.reporter_id IS NOT NULL`

	// One list per cadre and neighborhood for a patrol time, with its counts.
	// The unique key keeps it to one; NOT EXISTS only saves counting again
	// for lists already made. args: slot, since, due until, since, slot,
	// slot, due until, slot, now, district, slot
	patrolInsert = `INSERT INTO patrol_runs (user_id, district_id, neighborhood_id, slot_at, since_at, due_until, new_count,
		due_soon_count, overdue_count, created_at)
		SELECT DISTINCT g.user_id, g.district_id, g.place_id, CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),
			(SELECT COUNT(*) FROM cases c WHERE c.neighborhood_id = g.place_id AND c.created_at > ? AND c.created_at <= ?),
			(SELECT COUNT(*) FROM cases c WHERE c.neighborhood_id = g.place_id AND c.due_at > ? AND c.due_at <= ?),
			(SELECT COUNT(*) FROM cases c WHERE c.neighborhood_id = g.place_id AND c.due_at <= ?),
			CAST(? AS BIGINT)
		FROM grants g JOIN places p ON p.id = g.place_id
		WHERE g.district_id = ? AND g.role IN ('cadre','secretary') AND p.kind = 'neighborhood'
			AND NOT EXISTS (SELECT 1 FROM patrol_runs r WHERE r.user_id = g.user_id AND r.neighborhood_id = g.place_id AND r.slot_at = ?)
		ON CONFLICT DO NOTHING`
)
