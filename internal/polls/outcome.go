package polls

// Threshold names one test of Civil Code art. 278.
type Threshold string

// The four tests an owners' resolution must pass.
const (
	AreaTurnout  Threshold = "area_turnout"  // owners holding ≥ 2/3 of the area took part
	OwnerTurnout Threshold = "owner_turnout" // ≥ 2/3 of the owners took part
	AreaConsent  Threshold = "area_consent"  // > 1/2 (major: ≥ 3/4) of the participating area agreed
	OwnerConsent Threshold = "owner_consent" // > 1/2 (major: ≥ 3/4) of the participating owners agreed
)

// Resolution is an owners' resolution's count and outcome, all in integers:
// areas in hundredths of m², shares compared by cross-multiplying.
type Resolution struct {
	Owners, Area             int64 // the electorate
	VotedOwners, VotedArea   int64 // who took part (agree + oppose + abstain)
	AgreeOwners, AgreeArea   int64
	OpposeOwners, OpposeArea int64
	Major                    bool
	Failed                   []Threshold // empty when it passed
}

// Passed reports whether every test passed.
func (a *Resolution) Passed() bool { return len(a.Failed) == 0 }

// Decide applies art. 278: turnout of at least 2/3 of the area and of the
// owners; consent of more than 1/2 (ordinary) or at least 3/4 (major) of the
// participating area and of the participating owners. It fills Failed with
// every test that failed, in that order.
func (a *Resolution) Decide() {
	a.Failed = nil
	if 3*a.VotedArea < 2*a.Area || a.Area == 0 {
		a.Failed = append(a.Failed, AreaTurnout)
	}
	if 3*a.VotedOwners < 2*a.Owners || a.Owners == 0 {
		a.Failed = append(a.Failed, OwnerTurnout)
	}
	consent := func(yes, all int64) bool {
		if all == 0 {
			return false
		}
		if a.Major {
			return 4*yes >= 3*all
		}
		return 2*yes > all
	}
	if !consent(a.AgreeArea, a.VotedArea) {
		a.Failed = append(a.Failed, AreaConsent)
	}
	if !consent(a.AgreeOwners, a.VotedOwners) {
		a.Failed = append(a.Failed, OwnerConsent)
	}
}

// ResolutionOf builds the count of an assembly poll from its counters.
func ResolutionOf(p *Poll, opts []Option) *Resolution {
	a := &Resolution{Owners: int64(p.ElectorCount), Area: p.ElectorArea, VotedOwners: int64(p.BallotCount), VotedArea: p.BallotArea, Major: p.Major}
	for _, o := range opts {
		switch o.Position {
		case Agree:
			a.AgreeOwners, a.AgreeArea = int64(o.Votes), o.Area
		case Oppose:
			a.OpposeOwners, a.OpposeArea = int64(o.Votes), o.Area
		}
	}
	a.Decide()
	return a
}

// Ranked returns option positions by votes, most first (ties by position):
// a tick list's ranking.
func Ranked(opts []Option) []Option {
	out := append([]Option(nil), opts...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && (out[j].Votes > out[j-1].Votes || (out[j].Votes == out[j-1].Votes && out[j].Position < out[j-1].Position)); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
