package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/photo"
)

// maxUploadBody bounds one upload request: a topic's worth of photos at the
// largest size accepted, plus room for the multipart framing.
var maxUploadBody = board.MaxPhotos*photo.DefaultLimits.MaxBytes + 1<<20

// photoJSON is an uploaded or attached photo as clients see it.
type photoJSON struct {
	Key         string `json:"key"`
	URL         string `json:"url"`
	ThumbURL    string `json:"thumb_url"`
	ContentType string `json:"content_type"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
}

func photoView(p board.Photo) photoJSON {
	return photoJSON{Key: p.Key, URL: "/photos/" + p.Key, ThumbURL: "/photos/" + p.ThumbKey, ContentType: p.ContentType, Width: p.Width, Height: p.Height}
}

// uploadPhotos takes photos ahead of a topic: multipart/form-data with one or
// more "photo" parts, or a single picture as the raw body with its own
// Content-Type. The keys it returns go in NewTopic.photos.
func (a *API) uploadPhotos(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r)
	if err := a.Svc.MayUpload(p); err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	readers, closeAll, err := uploadReaders(r)
	defer closeAll()
	var photos []board.Photo
	if err == nil {
		photos, err = a.Svc.UploadPhotos(r.Context(), p, readers)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	items := make([]photoJSON, len(photos))
	for i, ph := range photos {
		items[i] = photoView(ph)
	}
	reply(w, r, http.StatusCreated, map[string]any{"items": items}, nil)
}

// uploadReaders finds the pictures in an upload request; photo.Process
// decides what they really are from their bytes, whatever the client said.
// closeAll closes the parts and removes any spooled to disk.
func uploadReaders(r *http.Request) (readers []io.Reader, closeAll func(), err error) {
	var files []io.Closer
	closeAll = func() {
		for _, f := range files {
			f.Close()
		}
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "multipart/form-data":
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return nil, closeAll, &errs.Error{Code: errs.TooLarge, Key: "photo.too_large", Field: "photo", Args: []any{photo.DefaultLimits.MaxBytes >> 20}}
			}
			return nil, closeAll, errs.Wrap(err, errs.Invalid, "error.bad_request")
		}
		for _, fh := range r.MultipartForm.File["photo"] {
			f, err := fh.Open()
			if err != nil {
				return nil, closeAll, errs.Internalf("api: open upload: %w", err)
			}
			files = append(files, f)
			readers = append(readers, f)
		}
		return readers, closeAll, nil
	case strings.HasPrefix(mt, "image/") || mt == "application/octet-stream":
		return []io.Reader{r.Body}, closeAll, nil
	}
	return nil, closeAll, errs.Field("photo", "boardfeat.upload_content_type")
}
