package access

// ViewCaseMetrics is looking at the case metrics of a place: a
// neighborhood's cadres their neighborhood, a street's admins the street and
// its neighborhoods, a district's admins everything under it.
const ViewCaseMetrics Action = "case.metrics.view"

func init() {
	policy[ViewCaseMetrics] = []Role{Cadre, Secretary, StreetAdmin, DistrictAdmin}
}
