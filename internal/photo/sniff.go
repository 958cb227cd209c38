package photo

import (
	"bytes"
	"encoding/binary"
	"net/http"
)

// format is a decodable input type, decided from the bytes alone.
type format int

const (
	formatJPEG format = iota + 1
	formatPNG
	formatWebP
)

var (
	magicJPEG = []byte{0xFF, 0xD8, 0xFF}
	magicPNG  = []byte("\x89PNG\r\n\x1a\n")
)

// sniff decides the type of b from its first bytes; the file's name and the
// client's Content-Type are never consulted. http.DetectContentType and our
// own magic checks must agree.
func sniff(b []byte) (format, error) {
	if isHEIF(b) {
		return 0, ErrHEIC
	}
	switch http.DetectContentType(b) {
	case "image/jpeg":
		if bytes.HasPrefix(b, magicJPEG) {
			return formatJPEG, nil
		}
	case "image/png":
		if bytes.HasPrefix(b, magicPNG) {
			return formatPNG, nil
		}
	case "image/webp":
		if isWebP(b) {
			if webpAnimated(b) {
				return 0, ErrUnsupported
			}
			return formatWebP, nil
		}
	}
	return 0, ErrUnsupported
}

func isWebP(b []byte) bool {
	return len(b) >= 16 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP"
}

// webpAnimated reports whether the extended header's animation flag is set;
// x/image/webp reads only still pictures.
func webpAnimated(b []byte) bool {
	return len(b) >= 21 && string(b[12:16]) == "VP8X" && b[20]&0x02 != 0
}

// heifBrands are the ftyp brands of HEIC/HEIF stills and sequences, as
// iPhones and some Android phones write them.
var heifBrands = map[string]bool{
	"heic": true, "heix": true, "hevc": true, "hevx": true, "heim": true, "heis": true,
	"hevm": true, "hevs": true, "heif": true, "mif1": true, "msf1": true,
}

// isHEIF reports whether b starts with an ISO BMFF ftyp box naming a HEIF
// brand. AVIF shares the container (and the mif1 brand), so an avif brand
// anywhere makes it merely unsupported, not HEIC.
func isHEIF(b []byte) bool {
	if len(b) < 16 || string(b[4:8]) != "ftyp" {
		return false
	}
	size := int(binary.BigEndian.Uint32(b[0:4]))
	if size < 16 || size > len(b) {
		size = min(len(b), 256)
	}
	// Major brand at 8, minor version at 12, compatible brands from 16.
	brands := [][]byte{b[8:12]}
	for i := 16; i+4 <= size; i += 4 {
		brands = append(brands, b[i:i+4])
	}
	heif := false
	for _, br := range brands {
		switch s := string(br); {
		case s == "avif" || s == "avis":
			return false
		case heifBrands[s]:
			heif = true
		}
	}
	return heif
}
