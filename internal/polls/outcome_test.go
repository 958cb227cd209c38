package polls

import (
	"reflect"
	"testing"
)

// TestArticle278 checks the owners' resolution rules at their edges, in
// integer arithmetic: 2/3 turnout by area and by owners, then more than 1/2
// (ordinary) or at least 3/4 (major) of the participating area and owners.
func TestArticle278(t *testing.T) {
	for _, c := range []struct {
		name string
		a    Resolution
		want []Threshold
	}{
		{"everyone agrees", Resolution{Owners: 3, Area: 300, VotedOwners: 3, VotedArea: 300, AgreeOwners: 3, AgreeArea: 300}, nil},
		{"exactly 2/3 take part and all agree", Resolution{Owners: 3, Area: 300, VotedOwners: 2, VotedArea: 200, AgreeOwners: 2, AgreeArea: 200}, nil},
		{"one hundredth of a m2 short of 2/3 of the area", Resolution{Owners: 3, Area: 300, VotedOwners: 2, VotedArea: 199, AgreeOwners: 2, AgreeArea: 199},
			[]Threshold{AreaTurnout}},
		{"most owners agree but the big flats oppose", Resolution{Owners: 5, Area: 1000, VotedOwners: 5, VotedArea: 1000, AgreeOwners: 4, AgreeArea: 400, OpposeOwners: 1, OpposeArea: 600},
			[]Threshold{AreaConsent}},
		{"exactly half is not more than half", Resolution{Owners: 4, Area: 400, VotedOwners: 4, VotedArea: 400, AgreeOwners: 2, AgreeArea: 300},
			[]Threshold{OwnerConsent}},
		{"major: exactly 3/4 passes", Resolution{Major: true, Owners: 4, Area: 400, VotedOwners: 4, VotedArea: 400, AgreeOwners: 3, AgreeArea: 300}, nil},
		{"major: 74.99% fails", Resolution{Major: true, Owners: 4, Area: 10000, VotedOwners: 4, VotedArea: 10000, AgreeOwners: 3, AgreeArea: 7499},
			[]Threshold{AreaConsent}},
		{"nobody votes", Resolution{Owners: 4, Area: 400}, []Threshold{AreaTurnout, OwnerTurnout, AreaConsent, OwnerConsent}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.a.Decide()
			if !reflect.DeepEqual(c.a.Failed, c.want) {
				t.Fatalf("failed %v, want %v", c.a.Failed, c.want)
			}
		})
	}
}

func TestMaskKeepsTheTickRange(t *testing.T) {
	p := &Poll{MinChoices: 1, MaxChoices: 3}
	if m, err := Mask(p, 15, []int{0, 14, 7}); err != nil || !reflect.DeepEqual(Positions(m), []int{0, 7, 14}) {
		t.Fatalf("three ticks: %v %v", Positions(m), err)
	}
	for _, bad := range [][]int{{}, {1, 2, 3, 4}, {1, 1}, {15}, {-1}} {
		if _, err := Mask(p, 15, bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestReceiptsReadBack(t *testing.T) {
	r := NewReceipt()
	if len(r) != 11 || r[5] != '-' {
		t.Fatalf("receipt %q", r)
	}
	typed := r[:5] + " " + r[6:]
	if NormalizeReceipt(typed) != r && NormalizeReceipt(typed) != NormalizeReceipt(r) {
		t.Fatalf("%q read back as %q", typed, NormalizeReceipt(typed))
	}
}
