package service

import (
	"context"
	"errors"
	"io"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/photo"
)

// photoSlots bounds how many photos are decoded at once: a 12-megapixel
// photo takes about 70 MB while it is processed.
var photoSlots = make(chan struct{}, 2)

// StorePhotos checks, cleans (no EXIF, GPS or device data survives) and
// stores uploaded photos, returning what a topic records of them. Errors:
// unavailable (no photo store), invalid (type, pixels, HEIC), too_large.
func (s *Service) StorePhotos(ctx context.Context, uploads []io.Reader) ([]board.Photo, error) {
	if len(uploads) == 0 {
		return nil, nil
	}
	if s.Photos == nil {
		return nil, errs.New(errs.Unavailable, "photo.no_store")
	}
	if len(uploads) > board.MaxPhotos {
		return nil, errs.Field("photos", "board.too_many_photos", board.MaxPhotos)
	}
	var out []board.Photo
	for _, up := range uploads {
		select {
		case photoSlots <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		res, err := photo.Process(up, photo.DefaultLimits)
		<-photoSlots
		if err != nil {
			return nil, photoError(err)
		}
		if err := s.Photos.Put(ctx, res.Key(), res.Main, res.ContentType); err != nil {
			return nil, errs.Internalf("service: store photo: %w", err)
		}
		if err := s.Photos.Put(ctx, res.ThumbKey(), res.Thumb, res.ContentType); err != nil {
			return nil, errs.Internalf("service: store thumbnail: %w", err)
		}
		out = append(out, board.Photo{Key: res.Key(), ThumbKey: res.ThumbKey(), ContentType: res.ContentType, Width: res.Width, Height: res.Height})
	}
	return out, nil
}

// photoError tells a resident what was wrong with a photo.
func photoError(err error) error {
	switch {
	case errors.Is(err, photo.ErrTooLarge):
		return &errs.Error{Code: errs.TooLarge, Key: "photo.too_large", Field: "photos", Args: []any{photo.DefaultLimits.MaxBytes >> 20}}
	case errors.Is(err, photo.ErrTooManyPixels):
		return errs.Field("photos", "photo.too_many_pixels")
	case errors.Is(err, photo.ErrHEIC):
		return errs.Field("photos", "photo.heic")
	case errors.Is(err, photo.ErrUnsupported):
		return errs.Field("photos", "photo.unsupported")
	default:
		return errs.Field("photos", "photo.corrupt")
	}
}
