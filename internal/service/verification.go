package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/verify"
)

// SubmitVerification verifies the person behind p against the roster, or
// queues the request for the neighborhood's cadres. Errors: unauthorized,
// invalid, conflict.
func (s *Service) SubmitVerification(ctx context.Context, p *Principal, in verify.Input) (*verify.Request, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	r, err := s.Verify.Submit(ctx, p.User.ID, in)
	if err != nil {
		return nil, err
	}
	action := audit.VerifySubmitted
	if r.Status == verify.Matched {
		action = audit.VerifyMatched
	}
	_ = s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: action, ObjectType: "verification", ObjectID: r.ID,
		DistrictID: r.DistrictID, NeighborhoodID: r.NeighborhoodID})
	return r, nil
}

// MyVerification returns the person's latest request. Errors: unauthorized, not_found.
func (s *Service) MyVerification(ctx context.Context, p *Principal) (*verify.Request, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	return s.Verify.Latest(ctx, p.User.ID)
}

// VerificationQueue lists a neighborhood's pending requests for its reviewers.
// Errors: unauthorized, forbidden, not_found.
func (s *Service) VerificationQueue(ctx context.Context, p *Principal, neighborhoodID int64) ([]*verify.Request, error) {
	if _, err := s.placeFor(ctx, p, access.ReviewVerification, neighborhoodID); err != nil {
		return nil, err
	}
	return s.Verify.Queue(ctx, neighborhoodID, 100)
}

// request loads a request and checks action on its neighborhood.
func (s *Service) request(ctx context.Context, p *Principal, action access.Action, id int64) (*verify.Request, error) {
	r, err := s.Verify.Request(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.placeFor(ctx, p, action, r.NeighborhoodID); err != nil {
		if errs.Is(err, errs.NotFound) {
			return nil, errs.New(errs.NotFound, "verify.not_found")
		}
		return nil, err
	}
	return r, nil
}

// DecideVerification approves or rejects a pending request. Errors:
// unauthorized, forbidden, not_found, invalid, conflict.
func (s *Service) DecideVerification(ctx context.Context, p *Principal, id int64, approve bool, reason string) (*verify.Request, error) {
	if _, err := s.request(ctx, p, access.ReviewVerification, id); err != nil {
		return nil, err
	}
	r, err := s.Verify.Decide(ctx, p.User.ID, id, approve, reason)
	if err != nil {
		return nil, err
	}
	action := audit.VerifyApproved
	if !approve {
		action = audit.VerifyRejected
	}
	_ = s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: action, ObjectType: "verification", ObjectID: id,
		DistrictID: r.DistrictID, NeighborhoodID: r.NeighborhoodID, Detail: reason})
	return r, nil
}

// RevealVerification shows a request's real name and ID number in the clear
// to a role that needs them, and writes the audit row first: no unlogged view.
// Errors: unauthorized, forbidden, not_found.
func (s *Service) RevealVerification(ctx context.Context, p *Principal, id int64) (*verify.Identity, error) {
	r, err := s.request(ctx, p, access.ViewPersonalData, id)
	if err != nil {
		return nil, err
	}
	if err := s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: audit.PersonalDataViewed, ObjectType: "verification",
		ObjectID: id, DistrictID: r.DistrictID, NeighborhoodID: r.NeighborhoodID, Detail: "real_name,id_number"}); err != nil {
		return nil, err
	}
	return s.Verify.Reveal(ctx, id)
}
