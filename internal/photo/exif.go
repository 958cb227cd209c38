package photo

import (
	"bytes"
	"encoding/binary"
)

// The parsers below read only the EXIF Orientation tag (0x0112 in IFD0). They
// take attacker-controlled bytes, so every offset is bounds-checked and any
// surprise yields 1, "as stored": a picture shown unrotated beats a refusal.

// orientation returns the EXIF orientation (1..8) carried by an upload of
// format f, or 1 when there is none.
func orientation(f format, b []byte) int {
	switch f {
	case formatJPEG:
		return jpegOrientation(b)
	case formatPNG:
		return pngOrientation(b)
	case formatWebP:
		return webpOrientation(b)
	}
	return 1
}

var exifHeader = []byte("Exif\x00\x00")

// jpegOrientation walks the JPEG's marker segments up to the first scan and
// reads the first APP1 segment that holds EXIF.
func jpegOrientation(b []byte) int {
	if !bytes.HasPrefix(b, []byte{0xFF, 0xD8}) {
		return 1
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return 1
		}
		m := b[i+1]
		switch {
		case m == 0xFF: // fill byte before a marker
			i++
			continue
		case m == 0x01 || m >= 0xD0 && m <= 0xD8: // markers without a length
			i += 2
			continue
		case m == 0xDA || m == 0xD9: // start of scan, end of image: no EXIF after this
			return 1
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || n > len(b)-i-2 {
			return 1
		}
		if seg := b[i+4 : i+2+n]; m == 0xE1 && bytes.HasPrefix(seg, exifHeader) {
			return tiffOrientation(seg[len(exifHeader):])
		}
		i += 2 + n
	}
	return 1
}

// pngOrientation reads the eXIf chunk, which holds a bare TIFF structure.
func pngOrientation(b []byte) int {
	if !bytes.HasPrefix(b, magicPNG) {
		return 1
	}
	for i := len(magicPNG); i+8 <= len(b); {
		n := uint64(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n > uint64(len(b)-i-8) {
			return 1
		}
		data := b[i+8 : i+8+int(n)]
		switch typ {
		case "eXIf":
			return tiffOrientation(data)
		case "IEND":
			return 1
		}
		i += 8 + int(n) + 4 // data and CRC
	}
	return 1
}

// webpOrientation reads the EXIF chunk of an extended WebP. The spec says it
// holds a bare TIFF structure; some writers prefix "Exif\0\0" anyway.
func webpOrientation(b []byte) int {
	if !isWebP(b) {
		return 1
	}
	for i := 12; i+8 <= len(b); {
		n := uint64(binary.LittleEndian.Uint32(b[i+4:]))
		if n > uint64(len(b)-i-8) {
			return 1
		}
		data := b[i+8 : i+8+int(n)]
		if string(b[i:i+4]) == "EXIF" {
			return tiffOrientation(bytes.TrimPrefix(data, exifHeader))
		}
		i += 8 + int(n) + int(n&1) // chunks are padded to even length
	}
	return 1
}

// tiffOrientation reads tag 0x0112 from IFD0 of a TIFF structure in either
// byte order.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	off := uint64(bo.Uint32(t[4:]))
	if off < 8 || off > uint64(len(t)-2) {
		return 1
	}
	n := int(bo.Uint16(t[off:]))
	for k, p := 0, int(off)+2; k < n && p+12 <= len(t); k, p = k+1, p+12 {
		e := t[p : p+12]
		if bo.Uint16(e) != 0x0112 {
			continue
		}
		var v uint32
		switch bo.Uint16(e[2:]) {
		case 3: // SHORT, as the spec says
			v = uint32(bo.Uint16(e[8:]))
		case 4: // LONG, as a few writers do
			v = bo.Uint32(e[8:])
		}
		if v < 1 || v > 8 {
			return 1
		}
		return int(v)
	}
	return 1
}
