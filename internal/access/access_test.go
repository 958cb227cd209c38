package access

import "testing"

// Two neighborhoods A (/1/2/3/) and B (/1/2/4/) in one street (/1/2/) of
// district /1/, and a building in A (/1/2/3/5/6/).
const (
	district = "/1/"
	street   = "/1/2/"
	hoodA    = "/1/2/3/"
	hoodB    = "/1/2/4/"
	buildA   = "/1/2/3/5/6/"
	buildB   = "/1/2/4/7/8/"
)

func actor(role Role, path string) *Actor {
	return &Actor{UserID: 7, Grants: []Grant{{Role: role, PlacePath: path}}}
}

func TestCanAcrossNeighborhoods(t *testing.T) {
	cases := []struct {
		name   string
		a      *Actor
		action Action
		target string
		want   bool
	}{
		{"resident of A sees A", actor(Resident, hoodA), ViewNeighborhood, hoodA, true},
		{"resident of A does not see B", actor(Resident, hoodA), ViewNeighborhood, hoodB, false},
		{"resident cannot review", actor(Resident, hoodA), ReviewVerification, hoodA, false},
		{"resident cannot see personal data", actor(Resident, hoodA), ViewPersonalData, buildA, false},
		{"cadre of A reviews A", actor(Cadre, hoodA), ReviewVerification, hoodA, true},
		{"cadre of A cannot review B", actor(Cadre, hoodA), ReviewVerification, hoodB, false},
		{"cadre of A sees A's personal data", actor(Cadre, hoodA), ViewPersonalData, buildA, true},
		{"cadre of A cannot see B's personal data", actor(Cadre, hoodA), ViewPersonalData, buildB, false},
		{"cadre cannot manage places", actor(Cadre, hoodA), ManagePlaces, hoodA, false},
		{"cadre of A cannot import into B", actor(Cadre, hoodA), ImportRoster, hoodB, false},
		{"secretary of A imports into A", actor(Secretary, hoodA), ImportRoster, hoodA, true},
		{"secretary of A cannot import into B", actor(Secretary, hoodA), ImportRoster, hoodB, false},
		{"secretary of A cannot read B's audit", actor(Secretary, hoodA), ViewAudit, hoodB, false},
		{"street admin reaches both", actor(StreetAdmin, street), ViewPersonalData, buildB, true},
		{"street admin cannot touch the district", actor(StreetAdmin, street), ManagePlaces, district, false},
		{"district admin manages all", actor(DistrictAdmin, district), ManagePlaces, hoodB, true},
		{"building leader sees their neighborhood", actor(BuildingLeader, buildA), ViewNeighborhood, hoodA, true},
		{"building leader does not see B", actor(BuildingLeader, buildA), ViewNeighborhood, hoodB, false},
		{"building leader cannot see personal data", actor(BuildingLeader, buildA), ViewPersonalData, buildA, false},
		{"unit staff of A cannot review", actor(UnitStaff, hoodA), ReviewVerification, hoodA, false},
		{"anonymous can do nothing", Anonymous, ViewNeighborhood, hoodA, false},
		{"an empty target is nobody's", actor(DistrictAdmin, district), ViewNeighborhood, "", false},
		{"cadre of A sees A's cases in full", actor(Cadre, hoodA), ViewCase, hoodA, true},
		{"cadre of B does not see A's cases", actor(Cadre, hoodB), ViewCase, hoodA, false},
		{"cadre of B does not move A's cases", actor(Cadre, hoodB), HandleCase, hoodA, false},
		{"secretary of A moves A's cases", actor(Secretary, hoodA), HandleCase, hoodA, true},
		{"resident does not see cases in full", actor(Resident, hoodA), ViewCase, hoodA, false},
		{"resident of A reports in A", actor(Resident, hoodA), ReportCase, hoodA, true},
		{"resident of A cannot report in B", actor(Resident, hoodA), ReportCase, hoodB, false},
		{"resident cannot enter for others", actor(Resident, hoodA), EnterOfflineCase, buildA, false},
		{"building leader enters for their building", actor(BuildingLeader, buildA), EnterOfflineCase, buildA, true},
		{"building leader cannot enter for B", actor(BuildingLeader, buildA), EnterOfflineCase, buildB, false},
		{"unit staff see no case by role alone", actor(UnitStaff, hoodA), ViewCase, hoodA, false},
		{"unit staff do not move cases by role alone", actor(UnitStaff, hoodA), HandleCase, hoodA, false},
		{"street admin sees the street's cases", actor(StreetAdmin, street), ViewCase, hoodB, true},
		{"street admin supervises", actor(StreetAdmin, street), SuperviseCase, hoodA, true},
		{"street admin is not the committee", actor(StreetAdmin, street), HandleCase, hoodA, false},
		{"cadre does not supervise", actor(Cadre, hoodA), SuperviseCase, hoodA, false},
		{"district admin supervises", actor(DistrictAdmin, district), SuperviseCase, hoodB, true},
		{"cadre of A routes A", actor(Cadre, hoodA), RouteCases, hoodA, true},
		{"cadre of A cannot route B", actor(Cadre, hoodA), RouteCases, hoodB, false},
		{"a path prefix of digits is not a parent", actor(Cadre, "/1/2/3/"), ViewPersonalData, "/1/2/33/", false},
		{"cadre of A manages A's projects", actor(Cadre, hoodA), ManageProjects, hoodA, true},
		{"cadre of A cannot manage B's projects", actor(Cadre, hoodA), ManageProjects, hoodB, false},
		{"secretary of A manages A's projects", actor(Secretary, hoodA), ManageProjects, hoodA, true},
		{"street admin manages projects under the street", actor(StreetAdmin, street), ManageProjects, hoodB, true},
		{"resident cannot manage projects", actor(Resident, hoodA), ManageProjects, hoodA, false},
		{"unit staff cannot manage projects", actor(UnitStaff, hoodA), ManageProjects, hoodA, false},
		{"resident of A rates A's projects", actor(Resident, hoodA), RateProject, hoodA, true},
		{"the owner grant sits on the building: rating comes with the resident grant", actor(Owner, buildA), RateProject, hoodA, false},
		{"resident of A cannot rate B's projects", actor(Resident, hoodA), RateProject, hoodB, false},
		{"cadre of A runs A's polls", actor(Cadre, hoodA), ManagePolls, hoodA, true},
		{"cadre of A cannot run B's polls", actor(Cadre, hoodA), ManagePolls, hoodB, false},
		{"a resident does not run polls", actor(Resident, hoodA), ManagePolls, hoodA, false},
		{"building leader enters paper ballots for the building", actor(BuildingLeader, buildA), EnterBallots, buildA, true},
		{"building leader does not enter ballots for another building", actor(BuildingLeader, buildA), EnterBallots, buildB, false},
		{"unit staff do not enter ballots", actor(UnitStaff, hoodA), EnterBallots, hoodA, false},
		{"a cadre who lives elsewhere does not rate", actor(Cadre, hoodA), RateProject, hoodA, false},
		{"building leader does not rate as a leader", actor(BuildingLeader, buildA), RateProject, hoodA, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Can(c.a, c.action, Target{Path: c.target}); got != c.want {
				t.Fatalf("Can(%v, %s, %s) = %v, want %v", c.a.Grants, c.action, c.target, got, c.want)
			}
		})
	}
}

func TestCanGrantOnlyBelowOwnRank(t *testing.T) {
	cases := []struct {
		name string
		a    *Actor
		role Role
		at   string
		want bool
	}{
		{"secretary names a cadre", actor(Secretary, hoodA), Cadre, hoodA, true},
		{"secretary names a building leader", actor(Secretary, hoodA), BuildingLeader, buildA, true},
		{"secretary cannot name a secretary", actor(Secretary, hoodA), Secretary, hoodA, false},
		{"secretary cannot name a street admin", actor(Secretary, hoodA), StreetAdmin, hoodA, false},
		{"secretary of A cannot name B's cadre", actor(Secretary, hoodA), Cadre, hoodB, false},
		{"street admin names a secretary", actor(StreetAdmin, street), Secretary, hoodB, true},
		{"cadre cannot grant at all", actor(Cadre, hoodA), BuildingLeader, buildA, false},
		{"district admin names a district admin", actor(DistrictAdmin, district), DistrictAdmin, district, true},
		{"resident is not grantable", actor(DistrictAdmin, district), Resident, hoodA, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := CanGrant(c.a, c.role, c.at); got != c.want {
				t.Fatalf("CanGrant = %v, want %v", got, c.want)
			}
		})
	}
}
