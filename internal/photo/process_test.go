package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
)

const testCamera = "LinliTestCam Model-X"

func TestProcessStripsEXIFAndTurnsUpright(t *testing.T) {
	// A 40×20 picture, red on the left, stored sideways by a camera that
	// says "turn 90° clockwise to view" and records where it was.
	for _, bo := range []order{binary.BigEndian, binary.LittleEndian} {
		t.Run(bo.String(), func(t *testing.T) {
			m := image.NewRGBA(image.Rect(0, 0, 40, 20))
			for y := range 20 {
				for x := range 40 {
					c := blue
					if x < 20 {
						c = red
					}
					m.SetRGBA(x, y, c)
				}
			}
			in := withEXIF(t, mustJPEG(t, m), exifTIFF(bo, 6, testCamera))
			if !bytes.Contains(in, []byte(testCamera)) || jpegOrientation(in) != 6 {
				t.Fatal("test input lacks its EXIF")
			}

			res, err := Process(bytes.NewReader(in), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if res.ContentType != "image/jpeg" || res.Width != 20 || res.Height != 40 {
				t.Fatalf("got %s %dx%d, want image/jpeg 20x40", res.ContentType, res.Width, res.Height)
			}
			out := mustDecode(t, res.Main)
			if got := out.Bounds().Size(); got != image.Pt(20, 40) {
				t.Fatalf("decoded size %v", got)
			}
			if c := out.At(10, 8); !near(c, red, 40) {
				t.Errorf("top is %v, want red", c)
			}
			if c := out.At(10, 32); !near(c, blue, 40) {
				t.Errorf("bottom is %v, want blue", c)
			}
			for _, b := range [][]byte{res.Main, res.Thumb} {
				for _, bad := range []string{"Exif", testCamera, "LinliTestCam", "MM\x00\x2a", "II\x2a\x00"} {
					if bytes.Contains(b, []byte(bad)) {
						t.Errorf("output contains %q", bad)
					}
				}
				if jpegOrientation(b) != 1 {
					t.Error("output still carries an orientation")
				}
			}
		})
	}
}

func TestProcessOrientations(t *testing.T) {
	// Where each quarter of a stored 40×20 quadrants picture must end up
	// once turned upright: top-left, top-right, bottom-left, bottom-right.
	cases := []struct {
		name       string
		o          int
		w, h       int
		tl, tr, bl color.RGBA
		br         color.RGBA
	}{
		{"1 as stored", 1, 40, 20, red, green, blue, yellow},
		{"2 mirrored", 2, 40, 20, green, red, yellow, blue},
		{"3 upside down", 3, 40, 20, yellow, blue, green, red},
		{"4 mirrored upside down", 4, 40, 20, blue, yellow, red, green},
		{"5 transposed", 5, 20, 40, red, blue, green, yellow},
		{"6 turn clockwise", 6, 20, 40, blue, red, yellow, green},
		{"7 transversed", 7, 20, 40, yellow, green, blue, red},
		{"8 turn counter-clockwise", 8, 20, 40, green, yellow, red, blue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := withEXIF(t, mustJPEG(t, quadrants(40, 20)), exifTIFF(binary.LittleEndian, c.o, testCamera))
			res, err := Process(bytes.NewReader(in), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if res.Width != c.w || res.Height != c.h {
				t.Fatalf("got %dx%d, want %dx%d", res.Width, res.Height, c.w, c.h)
			}
			out := mustDecode(t, res.Main)
			x0, x1, y0, y1 := c.w/4, c.w*3/4, c.h/4, c.h*3/4
			corners := []struct {
				name string
				x, y int
				want color.RGBA
			}{{"top left", x0, y0, c.tl}, {"top right", x1, y0, c.tr}, {"bottom left", x0, y1, c.bl}, {"bottom right", x1, y1, c.br}}
			for _, k := range corners {
				if got := out.At(k.x, k.y); !near(got, k.want, 48) {
					t.Errorf("%s is %v, want %v", k.name, got, k.want)
				}
			}
		})
	}
}

func TestProcessPNG(t *testing.T) {
	t.Run("transparency stays PNG", func(t *testing.T) {
		m := image.NewNRGBA(image.Rect(0, 0, 30, 10))
		for x := range 30 {
			for y := range 10 {
				if x < 15 {
					m.SetNRGBA(x, y, color.NRGBA{200, 10, 10, 255})
				} // the right half stays fully transparent
			}
		}
		res, err := Process(bytes.NewReader(mustPNG(t, m)), DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if res.ContentType != "image/png" || res.Ext() != "png" {
			t.Fatalf("content type %s", res.ContentType)
		}
		for name, b := range map[string][]byte{"main": res.Main, "thumb": res.Thumb} {
			out := mustDecode(t, b)
			if _, a := colorAt(out, 5, 5); a != 0xFF {
				t.Errorf("%s: left alpha %x, want opaque", name, a)
			}
			if _, a := colorAt(out, 25, 5); a != 0 {
				t.Errorf("%s: right alpha %x, want transparent", name, a)
			}
		}
	})
	t.Run("opaque becomes JPEG", func(t *testing.T) {
		// An RGBA PNG whose every pixel is opaque, as most screenshots are.
		res, err := Process(bytes.NewReader(mustPNG(t, quadrants(40, 20))), DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if res.ContentType != "image/jpeg" || !bytes.HasPrefix(res.Main, magicJPEG) || !bytes.HasPrefix(res.Thumb, magicJPEG) {
			t.Fatalf("content type %s", res.ContentType)
		}
		if c := mustDecode(t, res.Main).At(30, 15); !near(c, yellow, 40) {
			t.Errorf("bottom right is %v, want yellow", c)
		}
	})
	t.Run("eXIf orientation applied", func(t *testing.T) {
		raw := mustPNG(t, quadrants(40, 20))
		// eXIf goes after IHDR (8 bytes signature, 25 bytes IHDR chunk).
		in := append(append(append([]byte{}, raw[:33]...), pngChunk("eXIf", exifTIFF(binary.BigEndian, 8, testCamera))...), raw[33:]...)
		res, err := Process(bytes.NewReader(in), DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if res.Width != 20 || res.Height != 40 {
			t.Fatalf("got %dx%d, want 20x40", res.Width, res.Height)
		}
		if c := mustDecode(t, res.Main).At(5, 10); !near(c, green, 40) || bytes.Contains(res.Main, []byte(testCamera)) {
			t.Errorf("top left is %v, want green and no camera", c)
		}
	})
}

func colorAt(m image.Image, x, y int) (color.Color, uint32) {
	c := m.At(x, y)
	_, _, _, a := c.RGBA()
	return c, a >> 8
}

func TestProcessWebP(t *testing.T) {
	res, err := Process(bytes.NewReader(tinyWebP), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if res.ContentType != "image/jpeg" || res.Width != 4 || res.Height != 2 {
		t.Fatalf("got %s %dx%d, want image/jpeg 4x2", res.ContentType, res.Width, res.Height)
	}
	out := mustDecode(t, res.Main)
	if c := out.At(0, 0); !near(c, red, 60) {
		t.Errorf("left is %v, want red", c)
	}
	if c := out.At(3, 1); !near(c, blue, 60) {
		t.Errorf("right is %v, want blue", c)
	}
}

func TestProcessRefuses(t *testing.T) {
	goodJPEG := mustJPEG(t, photoLike(64, 48))
	goodPNG := mustPNG(t, photoLike(64, 48))
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, quadrants(8, 8), nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		in   []byte
		lim  Limits
		want error
	}{
		{"over the byte limit", goodJPEG, Limits{MaxBytes: int64(len(goodJPEG)) - 1}, ErrTooLarge},
		{"claims 100000x100000", bombPNG(100000, 100000), DefaultLimits, ErrTooManyPixels},
		{"JPEG claims 30000x30000", bombJPEG(t, 30000, 30000), DefaultLimits, ErrTooManyPixels},
		{"over a small pixel limit", goodPNG, Limits{MaxPixels: 64*48 - 1}, ErrTooManyPixels},
		{"HEIC from an iPhone", heif("heic", "mif1", "MiHE", "miaf", "heic"), DefaultLimits, ErrHEIC},
		{"HEIF with mif1 major", heif("mif1", "heic"), DefaultLimits, ErrHEIC},
		{"HEVC sequence", heif("msf1", "hevc"), DefaultLimits, ErrHEIC},
		{"AVIF", heif("avif", "mif1", "miaf"), DefaultLimits, ErrUnsupported},
		{"MP4 video", heif("isom", "iso2", "mp41"), DefaultLimits, ErrUnsupported},
		{"text renamed .jpg", []byte("这不是照片 just some text\n"), DefaultLimits, ErrUnsupported},
		{"empty", nil, DefaultLimits, ErrUnsupported},
		{"GIF", gifBuf.Bytes(), DefaultLimits, ErrUnsupported},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), DefaultLimits, ErrUnsupported},
		{"HTML", []byte("<!DOCTYPE html><html><script>alert(1)</script>"), DefaultLimits, ErrUnsupported},
		{"JPEG magic, then junk", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, strings.Repeat("x", 100)...), DefaultLimits, ErrCorrupt},
		{"truncated JPEG", goodJPEG[:len(goodJPEG)/2], DefaultLimits, ErrCorrupt},
		{"truncated PNG", goodPNG[:len(goodPNG)/2], DefaultLimits, ErrCorrupt},
		{"truncated WebP", tinyWebP[:30], DefaultLimits, ErrCorrupt},
		{"animated WebP", animatedWebP(), DefaultLimits, ErrUnsupported},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Process(bytes.NewReader(c.in), c.lim)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, %v; want %v", res, err, c.want)
			}
		})
	}
}

func TestProcessTooLargeForTheRequest(t *testing.T) {
	in := mustJPEG(t, photoLike(64, 48))
	body := http.MaxBytesReader(nil, io.NopCloser(bytes.NewReader(in)), 100)
	if _, err := Process(body, DefaultLimits); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
}

func TestProcessAcceptsExactlyMaxBytes(t *testing.T) {
	in := mustJPEG(t, photoLike(64, 48))
	if _, err := Process(bytes.NewReader(in), Limits{MaxBytes: int64(len(in))}); err != nil {
		t.Fatal(err)
	}
}

func TestPixelBombRefusedBeforeDecoding(t *testing.T) {
	// Decoding 100000×100000 would need 40 GB; refusing from the header
	// allocates next to nothing.
	in := bombPNG(100000, 100000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Process(bytes.NewReader(in), DefaultLimits)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooManyPixels) {
		t.Fatalf("got %v", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("allocated %d bytes refusing a bomb", n)
	}
}

// bombPNG returns a valid PNG header claiming w×h RGBA pixels, followed by a
// few bytes of image data.
func bombPNG(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA, no interlace
	out := append([]byte{}, magicPNG...)
	out = append(out, pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", []byte{0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01})...)
	return append(out, pngChunk("IEND", nil)...)
}

// bombJPEG returns a small JPEG whose frame header is rewritten to claim
// w×h pixels.
func bombJPEG(t *testing.T, w, h uint16) []byte {
	in := mustJPEG(t, photoLike(16, 16))
	i := bytes.Index(in, []byte{0xFF, 0xC0}) // baseline start of frame
	if i < 0 {
		t.Fatal("no SOF0")
	}
	// FF C0, length(2), precision(1), height(2), width(2).
	binary.BigEndian.PutUint16(in[i+5:], h)
	binary.BigEndian.PutUint16(in[i+7:], w)
	return in
}

// heif returns the start of an ISO BMFF file: an ftyp box with the major
// brand and the compatible brands, then some of a meta box.
func heif(major string, compatible ...string) []byte {
	size := 16 + 4*len(compatible)
	out := binary.BigEndian.AppendUint32(nil, uint32(size))
	out = append(out, "ftyp"+major+"\x00\x00\x00\x00"...)
	for _, c := range compatible {
		out = append(out, c...)
	}
	return append(out, "\x00\x00\x00\x22meta\x00\x00\x00\x00\x00\x00\x00\x21hdlr"...)
}

// animatedWebP returns the start of an extended WebP with the animation
// flag set.
func animatedWebP() []byte {
	vp8x := []byte{0x02, 0, 0, 0, 9, 0, 0, 9, 0, 0} // animation; 10×10
	out := []byte("RIFF\x00\x00\x00\x00WEBPVP8X")
	out = binary.LittleEndian.AppendUint32(out, uint32(len(vp8x)))
	out = append(out, vp8x...)
	out = append(out, "ANIM\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00"...)
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out
}

func TestProcessDownscales(t *testing.T) {
	cases := []struct {
		name           string
		w, h           int
		wantW, wantH   int
		thumbW, thumbH int
	}{
		{"12 MP landscape", 4000, 3000, 2048, 1536, 360, 270},
		{"phone portrait", 1500, 2000, 1500, 2000, 270, 360},
		{"tall portrait", 3000, 4000, 1536, 2048, 270, 360},
		{"small stays small", 100, 50, 100, 50, 100, 50},
		{"long strip", 5000, 10, 2048, 4, 360, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Process(bytes.NewReader(mustJPEG(t, photoLike(c.w, c.h))), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if res.Width != c.wantW || res.Height != c.wantH || res.ThumbWidth != c.thumbW || res.ThumbHeight != c.thumbH {
				t.Fatalf("got %dx%d thumb %dx%d, want %dx%d thumb %dx%d", res.Width, res.Height,
					res.ThumbWidth, res.ThumbHeight, c.wantW, c.wantH, c.thumbW, c.thumbH)
			}
			if got := mustDecode(t, res.Main).Bounds().Size(); got != image.Pt(c.wantW, c.wantH) {
				t.Errorf("main decodes as %v", got)
			}
			if got := mustDecode(t, res.Thumb).Bounds().Size(); got != image.Pt(c.thumbW, c.thumbH) {
				t.Errorf("thumb decodes as %v", got)
			}
			sum := sha256.Sum256(res.Main)
			if res.SHA256 != hex.EncodeToString(sum[:]) {
				t.Error("SHA256 is not the hash of Main")
			}
			if want := res.SHA256[:2] + "/" + res.SHA256[2:4] + "/" + res.SHA256 + ".jpg"; res.Key() != want {
				t.Errorf("Key() = %s, want %s", res.Key(), want)
			}
			if res.ThumbKey() == res.Key() {
				t.Error("thumb and main share a key")
			}
		})
	}
}

func FuzzProcess(f *testing.F) {
	f.Add(mustJPEG(f, quadrants(9, 5)))
	f.Add(withEXIF(f, mustJPEG(f, quadrants(7, 3)), exifTIFF(binary.BigEndian, 7, testCamera)))
	f.Add(mustPNG(f, quadrants(5, 9)))
	f.Add(tinyWebP)
	f.Add(bombPNG(300, 300))
	f.Add(heif("heic", "mif1"))
	lim := Limits{MaxBytes: 1 << 16, MaxPixels: 1 << 16, MaxSide: 6, ThumbSide: 2}
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := Process(bytes.NewReader(in), lim)
		if err != nil {
			for _, known := range []error{ErrTooLarge, ErrTooManyPixels, ErrHEIC, ErrUnsupported, ErrCorrupt} {
				if errors.Is(err, known) {
					return
				}
			}
			t.Fatalf("unexpected error %v", err)
		}
		if max(res.Width, res.Height) > lim.MaxSide || max(res.ThumbWidth, res.ThumbHeight) > lim.ThumbSide {
			t.Fatalf("too big: %dx%d, thumb %dx%d", res.Width, res.Height, res.ThumbWidth, res.ThumbHeight)
		}
		if got := mustDecode(t, res.Main).Bounds().Size(); got != image.Pt(res.Width, res.Height) {
			t.Fatalf("main decodes as %v, result says %dx%d", got, res.Width, res.Height)
		}
	})
}
