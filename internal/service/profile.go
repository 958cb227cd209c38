package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/pii"
)

// Profile is what a person sees of their own account: the public nickname and
// badge, and their own personal data masked.
type Profile struct {
	Nickname    string
	PartyMember bool
	ShowBadge   bool
	PhoneMasked string
}

// MyProfile returns the person's own profile. Errors: unauthorized.
func (s *Service) MyProfile(ctx context.Context, p *Principal) (*Profile, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	phone, err := s.Accounts.Phone(ctx, p.User.ID)
	if err != nil {
		return nil, err
	}
	return &Profile{Nickname: p.User.Nickname, PartyMember: p.User.PartyMember, ShowBadge: p.User.ShowBadge,
		PhoneMasked: pii.MaskPhone(phone)}, nil
}

// UpdateProfile changes the nickname and the party-member badge (亮身份: shown
// only when the person chooses). Errors: unauthorized, invalid.
func (s *Service) UpdateProfile(ctx context.Context, p *Principal, nickname string, partyMember, showBadge bool) error {
	if !p.LoggedIn() {
		return errs.New(errs.Unauthorized, "login.required")
	}
	return s.Accounts.SetProfile(ctx, p.User.ID, nickname, partyMember, showBadge)
}

// RevokeRole takes a role back from a person at a place. Errors: unauthorized,
// forbidden, not_found, invalid.
func (s *Service) RevokeRole(ctx context.Context, p *Principal, placeID, userID int64, role access.Role) error {
	place, err := s.placeFor(ctx, p, access.GrantRoles, placeID)
	if err != nil {
		return err
	}
	if !access.CanGrant(p.Actor, role, place.Path) {
		return errs.Field("role", "role.forbidden")
	}
	if err := s.Access.RevokeRole(ctx, userID, role, place.ID); err != nil {
		return err
	}
	return s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: audit.RoleRevoked, ObjectType: "user", ObjectID: userID,
		DistrictID: place.DistrictID, NeighborhoodID: place.NeighborhoodID, Detail: string(role) + "@" + itoa(place.ID)})
}
