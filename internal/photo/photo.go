// Package photo makes residents' photos safe to publish and stores them.
//
// Process takes untrusted upload bytes and returns a fresh JPEG or PNG (and a
// thumbnail) that carries nothing but pixels: the type is decided from the
// bytes, decompression bombs are refused from the header before any pixel is
// decoded, the EXIF orientation is applied to the pixels, and every piece of
// metadata (GPS position, camera make, serial numbers, ICC profiles, comments)
// is dropped because the output is encoded afresh from an image.Image, which
// has nowhere to keep it.
//
// Process holds the whole upload and the decoded picture in memory (about
// 60 MB for a 40-megapixel JPEG), so callers bound how many run at once.
package photo

import "errors"

// Limits bounds what Process accepts and what it produces.
type Limits struct {
	MaxBytes  int64 // largest upload accepted, in bytes
	MaxPixels int64 // largest width*height accepted, read from the header
	MaxSide   int   // longest side of the re-encoded picture
	ThumbSide int   // longest side of the thumbnail
}

// DefaultLimits suit phone photos: 10 MB, 40 megapixels, 2048 px pictures and
// 360 px thumbnails.
var DefaultLimits = Limits{MaxBytes: 10 << 20, MaxPixels: 40_000_000, MaxSide: 2048, ThumbSide: 360}

// withDefaults fills zero or negative fields from DefaultLimits, so the zero
// Limits is safe rather than unlimited.
func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultLimits.MaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = DefaultLimits.MaxSide
	}
	if l.ThumbSide <= 0 {
		l.ThumbSide = DefaultLimits.ThumbSide
	}
	return l
}

// The errors Process returns for uploads at fault; callers map each to a
// message for the resident. Any other error is the server's (a failed read).
var (
	ErrTooLarge      = errors.New("photo: file too large")
	ErrTooManyPixels = errors.New("photo: too many pixels")
	ErrHEIC          = errors.New("photo: HEIC/HEIF is not supported")
	ErrUnsupported   = errors.New("photo: unsupported file type")
	ErrCorrupt       = errors.New("photo: corrupt image")
)

// Result is a processed photo, ready to store under Key and ThumbKey.
type Result struct {
	Main        []byte
	Thumb       []byte
	ContentType string // image/jpeg or image/png, for both Main and Thumb
	Width       int
	Height      int
	ThumbWidth  int
	ThumbHeight int
	SHA256      string // hex SHA-256 of Main
	ThumbSHA256 string // hex SHA-256 of Thumb
}

// Ext is the file extension for ContentType, without the dot: "jpg" or "png".
func (r *Result) Ext() string {
	if r.ContentType == "image/png" {
		return "png"
	}
	return "jpg"
}

// Key is the content-addressed storage key of Main.
func (r *Result) Key() string { return Key(r.SHA256, r.Ext()) }

// ThumbKey is the content-addressed storage key of Thumb.
func (r *Result) ThumbKey() string { return Key(r.ThumbSHA256, r.Ext()) }
