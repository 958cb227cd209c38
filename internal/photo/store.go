package photo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Store keeps processed photos under content-addressed keys (see Key).
// DiskStore is the implementation used today; an object store (S3, OSS, COS)
// can implement the same interface later: Put maps to a PUT of the whole
// object, which such stores already make atomic, and Open to a GET whose body
// is wrapped to seek (a ranged GET, or a spooled temp file).
type Store interface {
	// Put stores data under key, replacing any object there, so that a
	// reader sees either the old object or all of the new one.
	Put(ctx context.Context, key string, data []byte, contentType string) error
	// Open returns the object under key and its size; ErrNotFound if none.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, int64, error)
	// Delete removes the object under key; deleting a missing key is not an
	// error, as with object stores.
	Delete(ctx context.Context, key string) error
}

// Errors returned by stores; match them with errors.Is.
var (
	ErrNotFound   = errors.New("photo: not found")
	ErrInvalidKey = errors.New("photo: invalid key")
)

// Key returns the content-addressed key for a photo whose hex SHA-256 is sum
// and whose extension is ext ("jpg" or ".jpg"): "ab/cd/abcd….jpg". Two
// levels of 256 directories keep each directory small on disk.
func Key(sum, ext string) string {
	sum = strings.ToLower(sum)
	ext = strings.ToLower(strings.TrimPrefix(ext, "."))
	if len(sum) < 4 {
		return sum + "." + ext
	}
	return sum[0:2] + "/" + sum[2:4] + "/" + sum + "." + ext
}

// ValidKey checks that key uses only a-z, 0-9, '/' and '.', in non-empty
// slash-separated segments none of which starts with a dot. That rules out
// absolute paths, "..", hidden files and any clash with a store's temp files.
func ValidKey(key string) error {
	if key == "" || len(key) > 255 {
		return fmt.Errorf("%w: %q", ErrInvalidKey, key)
	}
	for _, c := range []byte(key) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '/' || c == '.') {
			return fmt.Errorf("%w: %q", ErrInvalidKey, key)
		}
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg[0] == '.' {
			return fmt.Errorf("%w: %q", ErrInvalidKey, key)
		}
	}
	return nil
}
