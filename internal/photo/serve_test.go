package photo

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestServe(t *testing.T) {
	ctx := context.Background()
	s := &DiskStore{Dir: t.TempDir()}
	res, err := Process(bytes.NewReader(mustJPEG(t, quadrants(40, 20))), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	key := res.Key()
	if err := s.Put(ctx, key, res.Main, res.ContentType); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "misc/logo.png", []byte("\x89PNG..."), "image/png"); err != nil {
		t.Fatal(err)
	}
	stored := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(s.Dir, filepath.FromSlash(key)), stored, stored); err != nil {
		t.Fatal(err)
	}
	etag := `"` + res.SHA256 + `"`

	cases := []struct {
		name        string
		method, key string
		contentType string
		header      map[string]string
		wantStatus  int
		wantBody    int // length, or -1 to skip
		wantHeader  map[string]string
	}{
		{
			name: "photo", method: "GET", key: key, contentType: "image/jpeg",
			wantStatus: 200, wantBody: len(res.Main),
			wantHeader: map[string]string{
				"Content-Type":            "image/jpeg",
				"X-Content-Type-Options":  "nosniff",
				"Cache-Control":           "public, max-age=31536000, immutable",
				"Content-Security-Policy": "default-src 'none'",
				"ETag":                    etag,
				"Last-Modified":           "Sun, 01 Mar 2026 08:00:00 GMT",
				"Accept-Ranges":           "bytes",
			},
		},
		{
			name: "HEAD", method: "HEAD", key: key, contentType: "image/jpeg",
			wantStatus: 200, wantBody: 0, wantHeader: map[string]string{"ETag": etag},
		},
		{
			name: "content type from the key", method: "GET", key: key,
			wantStatus: 200, wantBody: len(res.Main), wantHeader: map[string]string{"Content-Type": "image/jpeg"},
		},
		{
			name: "If-None-Match", method: "GET", key: key, contentType: "image/jpeg",
			header:     map[string]string{"If-None-Match": etag},
			wantStatus: 304, wantBody: 0, wantHeader: map[string]string{"ETag": etag},
		},
		{
			name: "If-None-Match for other content", method: "GET", key: key, contentType: "image/jpeg",
			header:     map[string]string{"If-None-Match": `"0000"`},
			wantStatus: 200, wantBody: len(res.Main),
		},
		{
			name: "If-Modified-Since", method: "GET", key: key, contentType: "image/jpeg",
			header:     map[string]string{"If-Modified-Since": "Mon, 02 Mar 2026 08:00:00 GMT"},
			wantStatus: 304, wantBody: 0,
		},
		{
			name: "modified since an older copy", method: "GET", key: key, contentType: "image/jpeg",
			header:     map[string]string{"If-Modified-Since": "Sat, 28 Feb 2026 08:00:00 GMT"},
			wantStatus: 200, wantBody: len(res.Main),
		},
		{
			name: "range", method: "GET", key: key, contentType: "image/jpeg",
			header:     map[string]string{"Range": "bytes=0-9"},
			wantStatus: 206, wantBody: 10, wantHeader: map[string]string{"Content-Type": "image/jpeg"},
		},
		{
			name: "not content-addressed: no ETag", method: "GET", key: "misc/logo.png", contentType: "image/png",
			wantStatus: 200, wantBody: 7, wantHeader: map[string]string{"ETag": ""},
		},
		{
			name: "missing", method: "GET", key: Key(hexSum([]byte("nothing")), "jpg"), contentType: "image/jpeg",
			wantStatus: 404, wantBody: -1, wantHeader: map[string]string{"Cache-Control": "", "ETag": ""},
		},
		{
			name: "invalid key", method: "GET", key: "../../etc/passwd", contentType: "image/jpeg",
			wantStatus: 404, wantBody: -1,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(c.method, "/photos/"+c.key, nil)
			for k, v := range c.header {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			Serve(w, r, s, c.key, c.contentType)
			if w.Code != c.wantStatus {
				t.Fatalf("status %d, want %d", w.Code, c.wantStatus)
			}
			if c.wantBody >= 0 && w.Body.Len() != c.wantBody {
				t.Errorf("body %d bytes, want %d", w.Body.Len(), c.wantBody)
			}
			for k, v := range c.wantHeader {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
		})
	}
}

// failingStore fails every call, as a store whose disk is gone would.
type failingStore struct{ Store }

func (failingStore) Open(context.Context, string) (io.ReadSeekCloser, int64, error) {
	return nil, 0, os.ErrPermission
}

func TestServeStoreFailure(t *testing.T) {
	w := httptest.NewRecorder()
	Serve(w, httptest.NewRequest("GET", "/photos/x.jpg", nil), failingStore{}, "x.jpg", "image/jpeg")
	if w.Code != http.StatusInternalServerError || w.Header().Get("Cache-Control") != "" {
		t.Errorf("status %d, Cache-Control %q; want 500 and no caching", w.Code, w.Header().Get("Cache-Control"))
	}
}
