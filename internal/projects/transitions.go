package projects

import "github.com/linli-dev/linli/internal/errs"

// Action is a move of a project from one state to another.
type Action string

// The moves. Each is one row of transitions.
const (
	List     Action = "list"     // proposed → listed: a candidate for the residents' tick list
	Select   Action = "select"   // → selected: by the committee, or by a closed poll
	Start    Action = "start"    // selected → in_progress, once every share that needs the owners' approval has it
	Finish   Action = "finish"   // in_progress → done: residents may now rate it
	Evaluate Action = "evaluate" // done → evaluated: the rating closes and stands
	Drop     Action = "drop"     // → dropped, with a reason
)

// Actions lists the moves in the order pages offer them.
var Actions = []Action{List, Select, Start, Finish, Evaluate, Drop}

// Mover is who makes a move.
type Mover string

// The movers the table names.
const (
	Committee Mover = "committee" // the neighborhood's cadres and secretary, street and district admins
	Poll      Mover = "poll"      // a closed tick-list poll selecting its winners
)

// rule is one row of the table: from which states, to which state, by whom.
type rule struct {
	from []State
	to   State
	who  []Mover
}

// transitions is the one table of allowed moves; Check enforces it and
// nothing else decides whether a move is allowed.
var transitions = map[Action]rule{
	List:     {from: []State{Proposed}, to: Listed, who: []Mover{Committee}},
	Select:   {from: []State{Proposed, Listed}, to: Selected, who: []Mover{Committee, Poll}},
	Start:    {from: []State{Selected}, to: InProgress, who: []Mover{Committee}},
	Finish:   {from: []State{InProgress}, to: Done, who: []Mover{Committee}},
	Evaluate: {from: []State{Done}, to: Evaluated, who: []Mover{Committee}},
	Drop:     {from: []State{Proposed, Listed, Selected, InProgress}, to: Dropped, who: []Mover{Committee}},
}

// Rule describes an action: the states it moves from, the state it reaches
// and who may take it. ok is false for unknown actions.
func Rule(a Action) (from []State, to State, who []Mover, ok bool) {
	r, ok := transitions[a]
	return r.from, r.to, r.who, ok
}

// Check decides whether by may take action on a project in state: the one
// gate Move passes through, and what pages use to offer buttons. The funding
// gate on Start needs the database and is checked by Move. Errors: invalid
// (unknown action), forbidden (not this mover's), conflict (not from this state).
func Check(state State, by Mover, action Action) error {
	r, ok := transitions[action]
	if !ok {
		return errs.Field("action", "projects.bad_action")
	}
	if !moverIn(by, r.who) {
		return errs.New(errs.Forbidden, "projects.not_your_move")
	}
	if !stateIn(state, r.from) {
		return errs.New(errs.Conflict, "projects.bad_move")
	}
	return nil
}

// Available lists the moves by may take from state, in page order.
func Available(state State, by Mover) []Action {
	var out []Action
	for _, a := range Actions {
		if Check(state, by, a) == nil {
			out = append(out, a)
		}
	}
	return out
}

// Started reports whether a project has moved past selected: funding is fixed
// from then on.
func Started(s State) bool {
	return s == InProgress || s == Done || s == Evaluated
}

func moverIn(m Mover, list []Mover) bool {
	for _, x := range list {
		if x == m {
			return true
		}
	}
	return false
}

func stateIn(s State, list []State) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
