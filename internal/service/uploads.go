package service

import (
	"context"
	"io"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/errs"
)

// MayUpload tells an API client, before it sends megabytes, whether the
// person may upload photos at all: anyone who may post a topic somewhere.
// Errors: unauthorized, forbidden.
func (s *Service) MayUpload(p *Principal) error {
	if !p.LoggedIn() {
		return errs.New(errs.Unauthorized, "login.required")
	}
	if len(p.Actor.Scopes(access.PostTopic)) == 0 {
		return errs.New(errs.Forbidden, "boardfeat.upload_verify_first")
	}
	return nil
}

// UploadPhotos stores photos ahead of the topic that will show them (the
// API's two-step posting): the same checks and cleaning as StorePhotos, then
// each is recorded as the uploader's, for PostTopic to attach once through
// Draft.UploadKeys. Errors: unauthorized, forbidden, unavailable, invalid,
// too_large.
func (s *Service) UploadPhotos(ctx context.Context, p *Principal, uploads []io.Reader) ([]board.Photo, error) {
	if err := s.MayUpload(p); err != nil {
		return nil, err
	}
	if len(uploads) == 0 {
		return nil, errs.Field("photo", "boardfeat.no_photo")
	}
	photos, err := s.StorePhotos(ctx, uploads)
	if err != nil {
		return nil, err
	}
	if err := s.Board.RecordUploads(ctx, p.User.ID, districtOf(p), photos); err != nil {
		return nil, err
	}
	return photos, nil
}

// districtOf is the district a person's uploads are filed under: their own,
// or for staff without a household the first place they hold a role at
// (a place path starts with its district: "/1/4/9/").
func districtOf(p *Principal) int64 {
	if p.User.DistrictID != 0 {
		return p.User.DistrictID
	}
	for _, g := range p.Actor.Grants {
		first, _, _ := strings.Cut(strings.TrimPrefix(g.PlacePath, "/"), "/")
		if id, err := strconv.ParseInt(first, 10, 64); err == nil {
			return id
		}
	}
	return 0
}
