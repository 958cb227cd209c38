package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"

	"golang.org/x/image/webp"
)

// Quality of the re-encoded JPEGs: high enough that faces and handwriting on
// notices stay clear, low enough that a 2048 px photo is a few hundred KB.
const (
	mainQuality  = 85
	thumbQuality = 80
)

// Process reads an upload of at most lim.MaxBytes and returns it re-encoded
// without metadata: PNG if the source is a PNG with transparency, JPEG
// otherwise (opaque PNGs included: photos and screenshots alike become far
// smaller, and text stays legible at quality 85). Zero fields of lim take
// their values from DefaultLimits.
//
// It returns ErrTooLarge, ErrHEIC, ErrUnsupported, ErrTooManyPixels or
// ErrCorrupt (possibly wrapped, match with errors.Is) for uploads at fault,
// and a wrapped read error when r fails.
func Process(r io.Reader, lim Limits) (*Result, error) {
	lim = lim.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return nil, ErrTooLarge // the caller's http.MaxBytesReader spoke first
	}
	if err != nil {
		return nil, fmt.Errorf("photo: read upload: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, ErrTooLarge
	}
	f, err := sniff(data)
	if err != nil {
		return nil, err
	}
	src, err := decode(f, data, lim.MaxPixels)
	if err != nil {
		return nil, err
	}
	opaque := isOpaque(src)
	asPNG := f == formatPNG && !opaque
	main := render(src, lim.MaxSide, !asPNG && !opaque, orientation(f, data))
	thumb := render(main, lim.ThumbSide, false, 1)

	res := &Result{ContentType: "image/jpeg"}
	if asPNG {
		res.ContentType = "image/png"
	}
	if res.Main, err = encode(main, asPNG, mainQuality); err != nil {
		return nil, err
	}
	if res.Thumb, err = encode(thumb, asPNG, thumbQuality); err != nil {
		return nil, err
	}
	res.Width, res.Height = main.Bounds().Dx(), main.Bounds().Dy()
	res.ThumbWidth, res.ThumbHeight = thumb.Bounds().Dx(), thumb.Bounds().Dy()
	res.SHA256, res.ThumbSHA256 = hexSum(res.Main), hexSum(res.Thumb)
	return res, nil
}

// decode reads the header first and refuses pictures over maxPixels before
// a single pixel buffer is allocated: a 100 KB PNG can claim to be
// 100000×100000, which would need 40 GB decoded.
func decode(f format, data []byte, maxPixels int64) (m image.Image, err error) {
	defer func() {
		// The decoders are fuzzed upstream, but a panic on one hostile
		// upload must not become a 500 for a request that is simply bad.
		if v := recover(); v != nil {
			m, err = nil, fmt.Errorf("%w: decoder panic: %v", ErrCorrupt, v)
		}
	}()
	var (
		config func(io.Reader) (image.Config, error)
		full   func(io.Reader) (image.Image, error)
	)
	switch f {
	case formatJPEG:
		config, full = jpeg.DecodeConfig, jpeg.Decode
	case formatPNG:
		config, full = png.DecodeConfig, png.Decode
	case formatWebP:
		config, full = webp.DecodeConfig, webp.Decode
	default:
		return nil, ErrUnsupported
	}
	c, err := config(bytes.NewReader(data))
	if err != nil {
		return nil, decodeError(err)
	}
	if c.Width <= 0 || c.Height <= 0 {
		return nil, ErrCorrupt
	}
	if int64(c.Width)*int64(c.Height) > maxPixels {
		return nil, ErrTooManyPixels
	}
	m, err = full(bytes.NewReader(data))
	if err != nil {
		return nil, decodeError(err)
	}
	if m.Bounds().Dx() != c.Width || m.Bounds().Dy() != c.Height {
		return nil, fmt.Errorf("%w: header says %dx%d, pixels are %v", ErrCorrupt, c.Width, c.Height, m.Bounds())
	}
	return m, nil
}

// decodeError classifies a decoder's complaint: valid files using features
// the decoders lack (12-bit or arithmetic-coded JPEG) are unsupported,
// anything else is corrupt. The cause is kept in the text, not the chain, so
// io.ErrUnexpectedEOF from a truncated file is not mistaken for a failed read.
func decodeError(err error) error {
	var ju jpeg.UnsupportedError
	var pu png.UnsupportedError
	if errors.As(err, &ju) || errors.As(err, &pu) {
		return fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	return fmt.Errorf("%w: %v", ErrCorrupt, err)
}

// isOpaque reports whether every pixel of m is fully opaque; the decoders'
// image types all know how to tell.
func isOpaque(m image.Image) bool {
	o, ok := m.(interface{ Opaque() bool })
	return ok && o.Opaque()
}

func encode(m image.Image, asPNG bool, quality int) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if asPNG {
		err = png.Encode(&buf, m)
	} else {
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality})
	}
	if err != nil {
		return nil, fmt.Errorf("photo: encode: %w", err)
	}
	return buf.Bytes(), nil
}

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
