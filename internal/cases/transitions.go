package cases

import (
	"sort"
	"time"

	"github.com/linli-dev/linli/internal/errs"
)

// Action is a move on a case.
type Action string

// The moves. Each is one row of transitions.
const (
	Acknowledge Action = "acknowledge"
	Assign      Action = "assign"
	Start       Action = "start"
	Resolve     Action = "resolve"
	Confirm     Action = "confirm"
	Reopen      Action = "reopen"
	Return      Action = "return"
	Escalate    Action = "escalate"
	AutoClose   Action = "auto_close"
)

// KindSubmit is the first event of every timeline: the case was opened.
const KindSubmit = "submit"

// Role is the part a person plays for one case. The store finds the reporter
// itself (by id); the other roles are the caller's findings from access grants
// and the case's handlers.
type Role string

// The roles the transitions table names.
const (
	RoleReporter   Role = "reporter"   // the resident who raised it
	RoleCommittee  Role = "committee"  // the neighborhood's cadres and secretary
	RoleHandler    Role = "handler"    // staff of a unit handling the case
	RoleSupervisor Role = "supervisor" // street and district admins above it
	RoleSystem     Role = "system"     // clock jobs (auto-close, escalation)
)

// Actor is who moves a case, with the roles they hold for it.
type Actor struct {
	UserID int64 // 0 for the system
	Roles  []Role
	UnitID int64 // the unit a handler acts for
}

// System is the actor of background jobs.
var System = Actor{Roles: []Role{RoleSystem}}

func (a Actor) has(r Role) bool {
	for _, x := range a.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// rule is one row of the table: from which states, to which state ("" keeps
// the state: escalation moves the level), and who may.
type rule struct {
	from []State
	to   State
	who  []Role
}

// transitions is the one table of allowed moves; Move enforces it and nothing
// else decides whether a move is allowed.
var transitions = map[Action]rule{
	Acknowledge: {from: []State{Submitted, Reopened}, to: Acknowledged, who: []Role{RoleCommittee, RoleSupervisor}},
	Assign:      {from: []State{Acknowledged, Assigned, InProgress, Reopened}, to: Assigned, who: []Role{RoleCommittee, RoleSupervisor}},
	Start:       {from: []State{Assigned}, to: InProgress, who: []Role{RoleHandler, RoleCommittee, RoleSupervisor}},
	Resolve:     {from: []State{Assigned, InProgress}, to: Resolved, who: []Role{RoleHandler, RoleCommittee, RoleSupervisor}},
	Confirm:     {from: []State{Resolved}, to: Closed, who: []Role{RoleReporter}},
	Reopen:      {from: []State{Resolved, Closed}, to: Reopened, who: []Role{RoleReporter}},
	Return:      {from: []State{Submitted, Acknowledged}, to: Returned, who: []Role{RoleCommittee, RoleSupervisor}},
	Escalate:    {from: OpenStates, to: "", who: []Role{RoleCommittee, RoleSupervisor, RoleSystem}},
	AutoClose:   {from: []State{Resolved}, to: Closed, who: []Role{RoleSystem}},
}

// Actions lists every action, sorted, for tests and documentation.
func Actions() []Action {
	out := make([]Action, 0, len(transitions))
	for a := range transitions {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Rule describes an action: the states it moves from, the state it moves to
// ("" = unchanged) and who may take it. ok is false for unknown actions.
func Rule(a Action) (from []State, to State, who []Role, ok bool) {
	r, ok := transitions[a]
	return r.from, r.to, r.who, ok
}

// Check decides whether by may take action on c at now: the one gate Move
// passes through, and what pages use to offer buttons. Errors: invalid
// (unknown action), forbidden (not theirs to take), conflict (not from this
// state, or past the reopen window, or already at the top level).
func (s *Store) Check(c *Case, by Actor, action Action, now time.Time) error {
	r, ok := transitions[action]
	if !ok {
		return errs.Field("action", "cases.bad_action")
	}
	if by.UserID != 0 && by.UserID == c.ReporterID {
		by.Roles = append(by.Roles[:len(by.Roles):len(by.Roles)], RoleReporter)
	} else {
		by.Roles = withoutReporter(by.Roles)
	}
	allowed := false
	for _, w := range r.who {
		if by.has(w) {
			allowed = true
			break
		}
	}
	if !allowed {
		return errs.New(errs.Forbidden, "cases.not_your_move")
	}
	if !inStates(c.State, r.from) {
		return errs.New(errs.Conflict, "cases.bad_move")
	}
	switch action {
	case Reopen:
		if c.State == Closed && now.Sub(c.ClosedAt) > s.ReopenWindow {
			return errs.New(errs.Conflict, "cases.reopen_too_late")
		}
	case Escalate:
		if nextLevel[c.Level] == "" {
			return errs.New(errs.Conflict, "cases.top_level")
		}
	}
	return nil
}

// Available lists the actions by may take on c now, in table order, for pages.
func (s *Store) Available(c *Case, by Actor, now time.Time) []Action {
	var out []Action
	for _, a := range []Action{Acknowledge, Assign, Start, Resolve, Confirm, Reopen, Return, Escalate} {
		if s.Check(c, by, a, now) == nil {
			out = append(out, a)
		}
	}
	return out
}

// withoutReporter drops a claimed reporter role: only the case's own reporter id counts.
func withoutReporter(roles []Role) []Role {
	out := roles[:0:0]
	for _, r := range roles {
		if r != RoleReporter {
			out = append(out, r)
		}
	}
	return out
}

func inStates(s State, list []State) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}
