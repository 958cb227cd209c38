package access

// The clocks' actions: who sets a district's working calendar and deadlines,
// who approves a deadline extension (the level above the case: street and
// district), and who gets a patrol list (一日三巡).
const (
	ManageClocks     Action = "clocks.manage"
	ApproveExtension Action = "case.extension.approve"
	Patrol           Action = "patrol.view"
)

// The clocks' rows of the policy live here, beside their actions, so that
// work on cases and on clocks touch different files.
func init() {
	policy[ManageClocks] = []Role{DistrictAdmin}
	policy[ApproveExtension] = []Role{StreetAdmin, DistrictAdmin}
	policy[Patrol] = []Role{Cadre, Secretary}
}
