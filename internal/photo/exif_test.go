package photo

import (
	"encoding/binary"
	"testing"
)

func TestJPEGOrientation(t *testing.T) {
	jpg := mustJPEG(t, quadrants(8, 8))
	be, le := exifTIFF(binary.BigEndian, 6, testCamera), exifTIFF(binary.LittleEndian, 3, testCamera)
	xmp := append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x11}, "http://ns.adobe"...)
	cases := []struct {
		name string
		in   []byte
		want int
	}{
		{"no EXIF", jpg, 1},
		{"big-endian", withEXIF(t, jpg, be), 6},
		{"little-endian", withEXIF(t, jpg, le), 3},
		{"XMP APP1 before EXIF", append(xmp, withEXIF(t, jpg, be)[2:]...), 6},
		{"fill bytes before the marker", append([]byte{0xFF, 0xD8, 0xFF, 0xFF}, withEXIF(t, jpg, be)[2:]...), 6},
		{"out of range value", withEXIF(t, jpg, exifTIFF(binary.BigEndian, 9, "")), 1},
		{"zero value", withEXIF(t, jpg, exifTIFF(binary.BigEndian, 0, "")), 1},
		{"segment longer than file", withEXIF(t, jpg, be)[:40], 1},
		{"EXIF after the scan is ignored", append(jpg[:len(jpg)-2], withEXIF(t, []byte{0xFF, 0xD8}, be)[2:]...), 1},
		{"not a JPEG", []byte("hello"), 1},
		{"empty", nil, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := jpegOrientation(c.in); got != c.want {
				t.Errorf("got %d, want %d", got, c.want)
			}
		})
	}
}

func TestTIFFOrientation(t *testing.T) {
	good := exifTIFF(binary.LittleEndian, 8, testCamera)
	long := append([]byte{}, good...)
	// Rewrite the orientation entry (second in IFD0) as a LONG.
	binary.LittleEndian.PutUint16(long[8+2+12+2:], 4)
	binary.LittleEndian.PutUint32(long[8+2+12+8:], 5)
	cases := []struct {
		name string
		in   []byte
		want int
	}{
		{"good", good, 8},
		{"LONG value", long, 5},
		{"bad byte order", append([]byte("XX"), good[2:]...), 1},
		{"bad magic", append([]byte("II\x2b\x00"), good[4:]...), 1},
		{"IFD offset past the end", append([]byte("II\x2a\x00\xff\xff\xff\xff"), good[8:]...), 1},
		{"IFD offset inside the header", append([]byte("II\x2a\x00\x02\x00\x00\x00"), good[8:]...), 1},
		{"entry count past the end", append(append([]byte{}, good[:8]...), 0xff, 0xff, 0x12, 0x01), 1},
		{"header only", good[:8], 1},
		{"short", good[:5], 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := tiffOrientation(c.in); got != c.want {
				t.Errorf("got %d, want %d", got, c.want)
			}
		})
	}
}

func TestWebPOrientation(t *testing.T) {
	tiff := exifTIFF(binary.BigEndian, 6, testCamera)
	build := func(exif []byte) []byte {
		out := []byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x08\x00\x00\x00\x03\x00\x00\x01\x00\x00")
		out = append(out, "EXIF"...)
		out = binary.LittleEndian.AppendUint32(out, uint32(len(exif)))
		out = append(out, exif...)
		if len(exif)%2 == 1 {
			out = append(out, 0)
		}
		binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
		return out
	}
	cases := []struct {
		name string
		in   []byte
		want int
	}{
		{"bare TIFF", build(tiff), 6},
		{"with Exif prefix", build(append([]byte("Exif\x00\x00"), tiff...)), 6},
		{"odd-sized first chunk", build(tiff[:len(tiff)-1]), 6},
		{"no EXIF", tinyWebP, 1},
		{"chunk longer than file", build(tiff)[:40], 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := webpOrientation(c.in); got != c.want {
				t.Errorf("got %d, want %d", got, c.want)
			}
		})
	}
}

func FuzzEXIFOrientation(f *testing.F) {
	jpg := mustJPEG(f, quadrants(8, 8))
	for _, bo := range []order{binary.BigEndian, binary.LittleEndian} {
		for _, o := range []int{1, 6, 8} {
			tiff := exifTIFF(bo, o, testCamera)
			f.Add(tiff)
			f.Add(withEXIF(f, jpg[:20], tiff))
		}
	}
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02})
	f.Add([]byte("II\x2a\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00"))
	f.Add(append(append([]byte{}, magicPNG...), pngChunk("eXIf", exifTIFF(binary.BigEndian, 3, ""))...))
	f.Add(tinyWebP)
	f.Fuzz(func(t *testing.T, b []byte) {
		for name, parse := range map[string]func([]byte) int{
			"jpeg": jpegOrientation, "tiff": tiffOrientation, "png": pngOrientation, "webp": webpOrientation,
		} {
			if o := parse(b); o < 1 || o > 8 {
				t.Fatalf("%s: orientation %d", name, o)
			}
		}
		// The same bytes behind each container's header, so the fuzzer
		// reaches the TIFF parser through every path.
		wrapped := withEXIF(t, []byte{0xFF, 0xD8}, b)
		if o := jpegOrientation(wrapped); o < 1 || o > 8 {
			t.Fatalf("wrapped: orientation %d", o)
		}
	})
}
