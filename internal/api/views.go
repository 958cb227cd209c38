package api

import (
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/verify"
)

// The JSON shapes. They are separate from the domain structs so the wire
// format changes only on purpose.

type userJSON struct {
	ID             int64     `json:"id"`
	Nickname       string    `json:"nickname"`
	Badge          bool      `json:"party_badge"`
	Status         string    `json:"verification"`
	NeighborhoodID int64     `json:"neighborhood_id,omitempty"`
	Lang           string    `json:"lang"`
	CreatedAt      time.Time `json:"created_at"`
}

func userView(u *account.User) userJSON {
	return userJSON{ID: u.ID, Nickname: u.Nickname, Badge: u.Badge(), Status: string(u.Status), NeighborhoodID: u.NeighborhoodID,
		Lang: u.Lang, CreatedAt: u.CreatedAt.UTC()}
}

type grantJSON struct {
	Role        access.Role `json:"role"`
	PlaceID     int64       `json:"place_id"`
	UnitID      int64       `json:"unit_id,omitempty"`
	HouseholdID int64       `json:"household_id,omitempty"`
}

type placeJSON struct {
	ID             int64    `json:"id"`
	Kind           org.Kind `json:"kind"`
	ParentID       int64    `json:"parent_id,omitempty"`
	DistrictID     int64    `json:"district_id"`
	NeighborhoodID int64    `json:"neighborhood_id,omitempty"`
	Name           string   `json:"name"`
	Households     int      `json:"households"`
	Residents      int      `json:"residents"`
}

func placeView(p *org.Place) placeJSON {
	return placeJSON{ID: p.ID, Kind: p.Kind, ParentID: p.ParentID, DistrictID: p.DistrictID, NeighborhoodID: p.NeighborhoodID,
		Name: p.Name, Households: p.HouseholdCount, Residents: p.ResidentCount}
}

func placesView(ps []*org.Place) []placeJSON {
	out := make([]placeJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, placeView(p))
	}
	return out
}

type unitJSON struct {
	ID    int64        `json:"id"`
	Kind  org.UnitKind `json:"kind"`
	Name  string       `json:"name"`
	Phone string       `json:"phone,omitempty"`
}

func unitsView(us []*org.Unit) []unitJSON {
	out := make([]unitJSON, 0, len(us))
	for _, u := range us {
		out = append(out, unitJSON{ID: u.ID, Kind: u.Kind, Name: u.Name, Phone: u.Phone})
	}
	return out
}

type verificationJSON struct {
	ID             int64     `json:"id"`
	Status         string    `json:"status"`
	Reason         string    `json:"reason,omitempty"`
	NeighborhoodID int64     `json:"neighborhood_id"`
	HouseholdID    int64     `json:"household_id"`
	Building       string    `json:"building"`
	Room           string    `json:"room"`
	Nickname       string    `json:"nickname"`
	RealName       string    `json:"real_name_masked"`
	IDNumber       string    `json:"id_number_masked"`
	ClaimsOwner    bool      `json:"claims_owner"`
	CreatedAt      time.Time `json:"created_at"`
}

func verificationView(r *verify.Request) verificationJSON {
	return verificationJSON{ID: r.ID, Status: string(r.Status), Reason: r.Reason, NeighborhoodID: r.NeighborhoodID,
		HouseholdID: r.HouseholdID, Building: r.Building, Room: r.Room, Nickname: r.Nickname, RealName: r.MaskedName,
		IDNumber: r.MaskedID, ClaimsOwner: r.ClaimsOwner, CreatedAt: r.CreatedAt.UTC()}
}
