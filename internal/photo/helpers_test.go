package photo

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

var (
	red    = color.RGBA{255, 0, 0, 255}
	green  = color.RGBA{0, 255, 0, 255}
	blue   = color.RGBA{0, 0, 255, 255}
	yellow = color.RGBA{255, 255, 0, 255}
)

// quadrants returns a w×h picture whose quarters are red (top left), green
// (top right), blue (bottom left) and yellow (bottom right), so that every
// turn and mirror puts a different colour in the top-left corner.
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := red
			switch {
			case x >= w/2 && y < h/2:
				c = green
			case x < w/2 && y >= h/2:
				c = blue
			case x >= w/2 && y >= h/2:
				c = yellow
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// photoLike returns a w×h picture with smooth gradients and fine detail, so
// that JPEG sizes and scaling costs resemble a camera's.
func photoLike(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := uint8((x*7 + y*13 + (x*y)%31) % 64)
			m.SetRGBA(x, y, color.RGBA{uint8(x*255/w) ^ n, uint8(y*255/h) + n, uint8((x+y)%256) - n, 255})
		}
	}
	return m
}

func mustJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustPNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustDecode(t testing.TB, b []byte) image.Image {
	t.Helper()
	m, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output does not decode: %v", err)
	}
	return m
}

// order is what binary.BigEndian and binary.LittleEndian both are.
type order interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// exifTIFF builds the TIFF structure of a camera's EXIF: IFD0 with Make,
// Orientation and a pointer to a GPS IFD holding a latitude.
func exifTIFF(bo order, orientation int, camera string) []byte {
	const (
		ifd0     = 8
		gpsIFD   = ifd0 + 2 + 3*12 + 4
		rational = gpsIFD + 2 + 2*12 + 4
		makeAt   = rational + 3*8
	)
	var b []byte
	u16 := func(v uint16) { b = bo.AppendUint16(b, v) }
	u32 := func(v uint32) { b = bo.AppendUint32(b, v) }
	short := func(v uint16) uint32 { // a SHORT left-justified in the value field
		var f [4]byte
		bo.PutUint16(f[:], v)
		return bo.Uint32(f[:])
	}
	entry := func(tag, typ uint16, count, value uint32) { u16(tag); u16(typ); u32(count); u32(value) }
	if bo == binary.BigEndian {
		b = append(b, "MM"...)
	} else {
		b = append(b, "II"...)
	}
	u16(42)
	u32(ifd0)
	u16(3)                                                  // IFD0, tags in ascending order
	entry(0x010F, 2, uint32(len(camera)+1), makeAt)         // Make, ASCII
	entry(0x0112, 3, 1, short(uint16(orientation)))         // Orientation, SHORT
	entry(0x8825, 4, 1, gpsIFD)                             // GPSInfo IFD pointer, LONG
	u32(0)                                                  // no IFD1
	u16(2)                                                  // GPS IFD
	entry(0x0001, 2, 2, bo.Uint32([]byte("N\x00\x00\x00"))) // GPSLatitudeRef "N", inline
	entry(0x0002, 5, 3, rational)                           // GPSLatitude, three RATIONALs
	u32(0)
	for _, v := range []uint32{39, 1, 54, 1, 2712, 100} { // 39°54'27.12"
		u32(v)
	}
	return append(b, camera+"\x00"...)
}

// withEXIF returns a JPEG with an APP1 Exif segment holding tiff inserted
// right after the start-of-image marker, where cameras put it.
func withEXIF(t testing.TB, jpg, tiff []byte) []byte {
	t.Helper()
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1)
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// pngChunk encodes one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// near reports whether c is within tol of want on every channel.
func near(c color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(got uint32, w uint8) bool { return abs(int(got>>8)-int(w)) <= tol }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// tinyWebP is a 4×2 lossless WebP, left half red and right half blue, made
// with `cwebp -lossless` from a PNG.
var tinyWebP = []byte{
	0x52, 0x49, 0x46, 0x46, 0x22, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50,
	0x56, 0x50, 0x38, 0x4c, 0x16, 0x00, 0x00, 0x00, 0x2f, 0x03, 0x40, 0x00,
	0x00, 0x0f, 0x10, 0xf3, 0xbf, 0xff, 0xf3, 0x1f, 0x0e, 0x14, 0x02, 0x08,
	0x80, 0x82, 0x26, 0xa2, 0xff, 0xf1,
}
