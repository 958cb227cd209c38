// Package cases is the closed loop (工单): every problem a resident raises is
// tracked from report to rated resolution. A case moves through the states of
// one transitions table (transitions.go), each move an event on its public
// timeline; handlers (a lead unit and co-handlers) see it in their queues;
// routing picks the responsible unit by category and place.
package cases

import (
	"sync/atomic"
	"time"

	"github.com/linli-dev/linli/internal/db"
)

// State is where a case is in its loop.
type State string

// The states. Escalation is not a state: it raises Case.Level.
const (
	Submitted    State = "submitted"
	Acknowledged State = "acknowledged"
	Assigned     State = "assigned"
	InProgress   State = "in_progress"
	Resolved     State = "resolved"
	Closed       State = "closed" // confirmed by the reporter or auto-closed
	Returned     State = "returned"
	Reopened     State = "reopened"
)

// States lists every state in loop order, for forms and tests.
var States = []State{Submitted, Acknowledged, Assigned, InProgress, Resolved, Closed, Returned, Reopened}

// OpenStates are the states in which someone still owes the reporter work.
var OpenStates = []State{Submitted, Acknowledged, Assigned, InProgress, Reopened}

// IsOpen reports whether work is still owed on a case in state s.
func (s State) IsOpen() bool {
	for _, o := range OpenStates {
		if s == o {
			return true
		}
	}
	return false
}

// Levels of escalation, bottom up.
const (
	LevelNeighborhood = "neighborhood"
	LevelStreet       = "street"
	LevelDistrict     = "district"
)

// nextLevel is where escalation leads from each level.
var nextLevel = map[string]string{LevelNeighborhood: LevelStreet, LevelStreet: LevelDistrict}

// Channel is how a case reached linli.
type Channel string

// The channels: online ones, and offline ones a cadre or building leader enters.
const (
	App     Channel = "app"
	Topic   Channel = "topic"
	Box     Channel = "box"   // suggestion box
	Visit   Channel = "visit" // door-to-door
	Phone   Channel = "phone"
	WeChat  Channel = "wechat"
	Hotline Channel = "hotline"
	Open311 Channel = "open311"
)

// Channels lists every channel; OfflineChannels those a cadre enters for a resident.
var (
	Channels        = []Channel{App, Topic, Box, Visit, Phone, WeChat, Hotline, Open311}
	OfflineChannels = []Channel{Box, Visit, Phone, WeChat, Hotline}
)

// Case is one problem and where its loop stands.
type Case struct {
	ID, DistrictID, StreetID, NeighborhoodID, PlaceID int64 // PlaceID: a building, or the neighborhood itself
	TopicID                                           int64 // 0 if none
	Category                                          string
	Title, Description                                string
	Lat, Lng                                          *float64 // WGS84
	Address                                           string
	ReporterID                                        int64  // 0 for unknown offline input; the public sees only the nickname
	ReporterName                                      string // the reporter's nickname
	EnteredBy                                         int64  // who entered offline input (0 if the reporter did)
	Channel                                           Channel
	State                                             State
	Level                                             string
	LeadUnitID                                        int64 // 0 = the neighborhood committee; before assignment, the routed unit
	AssigneeID                                        int64 // a person, 0 if none
	RespondBy, ResolveBy                              time.Time
	DueAt                                             time.Time // the deadline that applies in the current state
	AcknowledgedAt, ResolvedAt, ClosedAt              time.Time
	Rating                                            int
	RatingComment                                     string
	Reopens                                           int
	Token                                             string // the Open311 id: random, unique
	CreatedAt, UpdatedAt                              time.Time
	Version                                           int64 // optimistic concurrency for moves
	// HeldWord is the sensitive word that holds the case's text (title,
	// description, rating comment) from the neighborhood's view; "" if none.
	HeldWord string
}

// IsOpen reports whether work is still owed on the case.
func (c *Case) IsOpen() bool { return c.State.IsOpen() }

// dueAt is the deadline that matters in the case's state: the first response
// until acknowledged, then the resolution until resolved, none afterwards.
func (c *Case) dueAt() time.Time {
	switch c.State {
	case Submitted, Reopened:
		return c.RespondBy
	case Acknowledged, Assigned, InProgress:
		return c.ResolveBy
	}
	return time.Time{}
}

// Overdue reports whether the case's current deadline has passed at now.
func (c *Case) Overdue(now time.Time) bool { return !c.DueAt.IsZero() && now.After(c.DueAt) }

// Photo is a stored, re-encoded photo attached to an event.
type Photo struct {
	Key, ThumbKey, ContentType string
	Width, Height              int
}

// Event is one entry of a case's timeline.
type Event struct {
	ID, CaseID int64
	ActorID    int64 // 0 for the system (clock jobs)
	ActorName  string
	Kind       string // an Action, or "note", "supervise", "rate", "extend_request", "extend_approve", "remind"
	From, To   State  // set for moves; equal for escalation
	Note       string
	UnitID     int64
	Photos     []Photo
	CreatedAt  time.Time
	HeldWord   string // the sensitive word that holds the note from the neighborhood's view
}

// Non-transition event kinds.
const (
	KindNote          = "note"
	KindSupervise     = "supervise" // 督办 by the street or district
	KindRemind        = "remind"
	KindExtendRequest = "extend_request"
	KindExtendApprove = "extend_approve"
	KindRate          = "rate" // a rating given after the case closed
)

// Public reports whether the neighborhood sees the event: every move does;
// notes, supervision and reminders are for the handlers.
func (e *Event) Public() bool {
	_, move := transitions[Action(e.Kind)]
	return move || e.Kind == KindSubmit || e.Kind == KindRate
}

// Store keeps cases, their timelines, handlers and routes.
type Store struct {
	DB  *db.DB
	Now func() time.Time
	// Deadlines computes a case's first-response and resolution deadlines when
	// it opens or reopens; nil means no deadlines (internal/workclock plugs in).
	Deadlines func(c *Case) (respondBy, resolveBy time.Time)
	// ReopenWindow is how long after closing the reporter may still reopen.
	ReopenWindow time.Duration
	// changes counts the commits of opens and moves on this node; a pointer,
	// so a copy of the Store (the demo's, on its own clock) counts with it.
	changes *atomic.Uint64
	// WorkTime is the working time between two instants in a district, for
	// the response and resolution times the metrics report; nil counts
	// wall-clock time (internal/clocks plugs in).
	WorkTime func(districtID int64, from, to time.Time) time.Duration
}

// Changes counts the opens and moves this node committed, so a cache of
// case lists (Open311's) can tell that what it holds may be out of date.
// Writes on other nodes and the clocks' sweeps are not counted: such caches
// must also expire.
func (s *Store) Changes() uint64 {
	if s.changes == nil {
		return 0
	}
	return s.changes.Load()
}

func (s *Store) changed(tx *db.Tx) {
	if n := s.changes; n != nil {
		tx.AfterCommit(func() { n.Add(1) })
	}
}

// DefaultReopenWindow is how long a closed case may be reopened by its reporter.
const DefaultReopenWindow = 14 * 24 * time.Hour

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store {
	return &Store{DB: d, Now: time.Now, ReopenWindow: DefaultReopenWindow, changes: new(atomic.Uint64)}
}

func ms(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
