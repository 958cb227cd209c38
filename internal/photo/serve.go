package photo

import (
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"
)

// Serve writes the photo under key from s. Keys are content hashes, so the
// response may be cached for a year and its ETag is the hash; the headers
// also stop browsers from sniffing the body as anything but contentType and
// from running anything in it. An empty contentType is taken from the key's
// extension. Ranges, HEAD and conditional requests (If-None-Match,
// If-Modified-Since when the store's file knows its modification time) are
// answered by http.ServeContent. A missing or invalid key is a 404; other
// store failures are logged and answered 500.
func Serve(w http.ResponseWriter, r *http.Request, s Store, key, contentType string) {
	f, _, err := s.Open(r.Context(), key)
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrInvalidKey) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		slog.ErrorContext(r.Context(), "photo: serve", "key", key, "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	defer f.Close()

	if contentType == "" {
		contentType = ContentTypeOf(key)
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Security-Policy", "default-src 'none'")
	if sum := keySum(key); sum != "" {
		h.Set("ETag", `"`+sum+`"`)
	}
	var mod time.Time
	if st, ok := f.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil {
			mod = fi.ModTime()
		}
	}
	http.ServeContent(w, r, path.Base(key), mod, f)
}

// ContentTypeOf returns the media type implied by key's extension.
func ContentTypeOf(key string) string {
	switch path.Ext(key) {
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	}
	return "application/octet-stream"
}

// keySum returns the SHA-256 a content-addressed key is named for, or "" if
// key is not named like one.
func keySum(key string) string {
	base := path.Base(key)
	sum, _, _ := strings.Cut(base, ".")
	if len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
		return ""
	}
	return sum
}
