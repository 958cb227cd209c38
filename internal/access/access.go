// Package access decides who may do what to which thing. Both surfaces (HTML
// and JSON) ask the one function Can; nothing else makes access decisions.
//
// Roles are granted on a node of the place tree and reach its whole subtree. A
// verified resident belongs to the neighborhood of their household; an owner
// additionally to that household.
package access

import "strings"

// Role is what a person is at a place.
type Role string

// The roles, from the household up to the district.
const (
	Resident       Role = "resident"
	Owner          Role = "owner"
	BuildingLeader Role = "building_leader"
	GridLeader     Role = "grid_leader"
	Cadre          Role = "cadre"
	Secretary      Role = "secretary"
	UnitStaff      Role = "unit_staff"
	StreetAdmin    Role = "street_admin"
	DistrictAdmin  Role = "district_admin"
)

// GrantableRoles are the roles held in the grants table (resident and owner come
// from verification, not from a grant).
var GrantableRoles = []Role{BuildingLeader, GridLeader, Cadre, Secretary, UnitStaff, StreetAdmin, DistrictAdmin}

// Action is something a person wants to do.
type Action string

// The actions of the foundation; later capabilities add theirs here.
const (
	ViewNeighborhood   Action = "neighborhood.view"
	ReviewVerification Action = "verification.review"
	ViewPersonalData   Action = "personal_data.view"
	ManagePlaces       Action = "places.manage"
	ImportRoster       Action = "roster.import"
	ManageUnits        Action = "units.manage"
	GrantRoles         Action = "roles.grant"
	ViewAudit          Action = "audit.view"
	PostTopic          Action = "topic.post"
	PostForResident    Action = "topic.post_for_resident"
	Moderate           Action = "board.moderate"
	// Cases (工单). Unit staff are in none of these: they see and move a case
	// because their unit handles it, which the service checks per case.
	ViewCase         Action = "case.view"          // the full case: reporter's channel, internal notes, assignee
	HandleCase       Action = "case.handle"        // the committee's moves: acknowledge, assign, return, escalate
	SuperviseCase    Action = "case.supervise"     // 督办 from the street or district
	ReportCase       Action = "case.report"        // raise a case for oneself
	EnterOfflineCase Action = "case.enter_offline" // enter a case for a resident (box, visit, phone, WeChat)
	RouteCases       Action = "case.routes"        // set which unit a category goes to
	ManageProjects   Action = "projects.manage"    // create, list, move, add milestones and updates
	RateProject      Action = "project.rate"       // a verified resident rates a finished project
	// Polls. Voting itself needs no action: the poll's electorate, fixed when
	// it opens, says who votes.
	ManagePolls  Action = "polls.manage"        // create, open, close; see who voted (never how) and review conflicts
	EnterBallots Action = "polls.enter_ballots" // enter paper sheets and door-to-door ballots
)

// policy names, for each action, the roles that may take it over the subtree
// of the place where the role was granted.
var policy = map[Action][]Role{
	ViewNeighborhood:   {Resident, Owner, BuildingLeader, GridLeader, Cadre, Secretary, UnitStaff, StreetAdmin, DistrictAdmin},
	ReviewVerification: {Cadre, Secretary, StreetAdmin, DistrictAdmin},
	ViewPersonalData:   {Cadre, Secretary, StreetAdmin, DistrictAdmin},
	ManagePlaces:       {StreetAdmin, DistrictAdmin},
	ImportRoster:       {Secretary, StreetAdmin, DistrictAdmin},
	ManageUnits:        {Secretary, StreetAdmin, DistrictAdmin},
	GrantRoles:         {Secretary, StreetAdmin, DistrictAdmin},
	ViewAudit:          {Secretary, StreetAdmin, DistrictAdmin},
	PostTopic:          {Resident, Owner, BuildingLeader, GridLeader, Cadre, Secretary, UnitStaff, StreetAdmin, DistrictAdmin},
	PostForResident:    {BuildingLeader, GridLeader, Cadre, Secretary},
	Moderate:           {Cadre, Secretary, StreetAdmin, DistrictAdmin},
	ViewCase:           {Cadre, Secretary, StreetAdmin, DistrictAdmin},
	HandleCase:         {Cadre, Secretary},
	SuperviseCase:      {StreetAdmin, DistrictAdmin},
	ReportCase:         {Resident, Owner, BuildingLeader, GridLeader, Cadre, Secretary},
	EnterOfflineCase:   {BuildingLeader, GridLeader, Cadre, Secretary},
	RouteCases:         {Cadre, Secretary, StreetAdmin, DistrictAdmin},
	ManageProjects:     {Cadre, Secretary, StreetAdmin, DistrictAdmin},
	RateProject:        {Resident, Owner},
	ManagePolls:        {Cadre, Secretary, StreetAdmin, DistrictAdmin},
	EnterBallots:       {BuildingLeader, GridLeader, Cadre, Secretary},
}

// Grant is one role held at one place, with the place's tree path ("/1/4/9/").
type Grant struct {
	Role      Role
	PlaceID   int64
	PlacePath string
	UnitID    int64
	// HouseholdID is set on resident and owner roles: the household behind them.
	HouseholdID int64
}

// Actor is the person asking, with every role they hold.
type Actor struct {
	UserID int64
	Grants []Grant
}

// Target is the thing acted on, located by its place path; for a neighborhood's
// data that is the neighborhood's path, for a household's the building's.
type Target struct {
	Path string
}

// Anonymous is the actor for requests without a login.
var Anonymous = &Actor{}

// Can is the one access decision: may actor take action on target?
func Can(a *Actor, action Action, t Target) bool {
	if a == nil || a.UserID == 0 || t.Path == "" {
		return false
	}
	allowed := policy[action]
	for _, g := range a.Grants {
		if !strings.HasPrefix(t.Path, g.PlacePath) {
			continue
		}
		for _, r := range allowed {
			if g.Role == r {
				return true
			}
		}
	}
	// A leader of a building or grid sees the neighborhood the building is in.
	if action == ViewNeighborhood {
		for _, g := range a.Grants {
			if strings.HasPrefix(g.PlacePath, t.Path) {
				return true
			}
		}
	}
	return false
}

// rank orders the grantable roles: a person may grant only roles below their own.
var rank = map[Role]int{BuildingLeader: 1, GridLeader: 1, UnitStaff: 1, Cadre: 2, Secretary: 3, StreetAdmin: 4, DistrictAdmin: 5}

// CanGrant decides whether actor may grant role at the place with path: they
// must hold a higher-ranked role covering that place (a district admin may also
// name other district admins).
func CanGrant(a *Actor, role Role, path string) bool {
	want, ok := rank[role]
	if !ok || !Can(a, GrantRoles, Target{Path: path}) {
		return false
	}
	for _, g := range a.Grants {
		if !strings.HasPrefix(path, g.PlacePath) {
			continue
		}
		if rank[g.Role] > want || g.Role == DistrictAdmin {
			return true
		}
	}
	return false
}

// Has reports whether the actor holds role anywhere covering path.
func (a *Actor) Has(role Role, path string) bool {
	for _, g := range a.Grants {
		if g.Role == role && strings.HasPrefix(path, g.PlacePath) {
			return true
		}
	}
	return false
}

// IsStaff reports whether the actor holds any granted role (not just resident or owner).
func (a *Actor) IsStaff() bool {
	for _, g := range a.Grants {
		if g.Role != Resident && g.Role != Owner {
			return true
		}
	}
	return false
}

// Scopes returns the paths at which the actor may take action: the roots of
// the subtrees a list page should show.
func (a *Actor) Scopes(action Action) []Grant {
	var out []Grant
	for _, g := range a.Grants {
		for _, r := range policy[action] {
			if g.Role == r {
				out = append(out, g)
				break
			}
		}
	}
	return out
}
