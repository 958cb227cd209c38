package access

// The actions of proposals (提案) and deliberation (议事协商). Council members
// are not a role: membership is checked per council by the service.
const (
	Propose         Action = "proposal.propose" // write, co-sign and support proposals in one's own neighborhood
	ScreenProposals Action = "proposals.screen" // the review queue, screening moves, adoption
	EditScreening   Action = "proposals.lists"  // the encouraged and negative lists (a street's defaults, a neighborhood's own)
	ManageCouncil   Action = "council.manage"   // members, elections, meetings, agendas, minutes, decisions, action items
)

// The proposals' rows of the policy live here, beside their actions.
func init() {
	policy[Propose] = []Role{Resident, Owner}
	policy[ScreenProposals] = []Role{Cadre, Secretary}
	policy[EditScreening] = []Role{Cadre, Secretary, StreetAdmin, DistrictAdmin}
	policy[ManageCouncil] = []Role{Cadre, Secretary}
}
