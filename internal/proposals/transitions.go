package proposals

import "github.com/linli-dev/linli/internal/errs"

// Action is a move of a proposal from one state to another.
type Action string

// The moves. Each is one row of transitions.
const (
	Submit     Action = "submit"     // draft or returned → submitted; screening then moves it on
	Accept     Action = "accept"     // submitted → accepted: in the encouraged list, or a cadre's review
	Return     Action = "return"     // submitted or accepted → returned: the negative list, or a cadre, with the reason
	Reject     Action = "reject"     // submitted → rejected, with the reason
	Deliberate Action = "deliberate" // accepted → deliberated: the council decided on it in a meeting
	Adopt      Action = "adopt"      // deliberated → adopted: becomes a project
	NotAdopt   Action = "not_adopt"  // deliberated → not_adopted, with the reason
)

// Actions lists the moves in the order pages offer them.
var Actions = []Action{Submit, Accept, Return, Reject, Deliberate, Adopt, NotAdopt}

// Mover is who makes a move.
type Mover string

// The movers the table names.
const (
	Author    Mover = "author"    // the proposal's author
	Screening Mover = "screening" // the lists, at submission
	Committee Mover = "committee" // the neighborhood's cadres and secretary
	Council   Mover = "council"   // a meeting's decision
)

// rule is one row of the table: from which states, to which state, by whom,
// and whether the move needs a reason.
type rule struct {
	from   []State
	to     State
	who    []Mover
	reason bool
}

// transitions is the one table of allowed moves; Check enforces it and
// nothing else decides whether a move is allowed.
var transitions = map[Action]rule{
	Submit:     {from: []State{Draft, Returned}, to: Submitted, who: []Mover{Author}},
	Accept:     {from: []State{Submitted}, to: Accepted, who: []Mover{Screening, Committee}},
	Return:     {from: []State{Submitted, Accepted}, to: Returned, who: []Mover{Screening, Committee}, reason: true},
	Reject:     {from: []State{Submitted}, to: Rejected, who: []Mover{Committee}, reason: true},
	Deliberate: {from: []State{Accepted}, to: Deliberated, who: []Mover{Council, Committee}},
	Adopt:      {from: []State{Deliberated}, to: Adopted, who: []Mover{Committee}},
	NotAdopt:   {from: []State{Deliberated}, to: NotAdopted, who: []Mover{Committee}, reason: true},
}

// Check decides whether by may take action on a proposal in state: the one
// gate Move passes through, and what pages use to offer buttons. Errors:
// invalid (unknown action), forbidden (not this mover's), conflict (not from
// this state).
func Check(state State, by Mover, action Action) error {
	r, ok := transitions[action]
	if !ok {
		return errs.Field("action", "proposals.bad_action")
	}
	if !in(by, r.who) {
		return errs.New(errs.Forbidden, "proposals.not_your_move")
	}
	if !in(state, r.from) {
		return errs.New(errs.Conflict, "proposals.bad_move")
	}
	return nil
}

// NeedsReason reports whether action must carry a reason.
func NeedsReason(a Action) bool { return transitions[a].reason }

// Target is the state action leads to.
func Target(a Action) State { return transitions[a].to }

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

// Editable reports whether the author may still change the text.
func Editable(s State) bool { return s == Draft || s == Returned }

// Open reports whether residents may support a proposal: it is public once
// screened in, and support closes with the outcome.
func Open(s State) bool { return s == Accepted || s == Deliberated }

// Public reports whether the neighborhood sees the proposal (drafts,
// pending, returned and rejected ones stay with the author, co-signers and cadres).
func Public(s State) bool {
	return s == Accepted || s == Deliberated || s == Adopted || s == NotAdopted
}

func in[T comparable](x T, list []T) bool {
	for _, y := range list {
		if x == y {
			return true
		}
	}
	return false
}
