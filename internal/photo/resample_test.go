package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"golang.org/x/image/draw"
)

// TestResampleMatchesCatmullRom checks the streaming fixed-point resampler
// against x/image/draw's CatmullRom, which computes the same filter in
// float64 with a whole-picture buffer.
func TestResampleMatchesCatmullRom(t *testing.T) {
	ycc := func(w, h int, r image.YCbCrSubsampleRatio) image.Image {
		m := image.NewYCbCr(image.Rect(0, 0, w, h), r)
		for y := range h {
			for x := range w {
				m.Y[m.YOffset(x, y)] = uint8(x*3 + y*5 + (x*y)%17)
				c := m.COffset(x, y)
				m.Cb[c], m.Cr[c] = uint8(x*2), uint8(255-y)
			}
		}
		return m
	}
	translucent := image.NewNRGBA(image.Rect(0, 0, 300, 200))
	for y := range 200 {
		for x := range 300 {
			translucent.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), 200, uint8(x * 255 / 300)})
		}
	}
	gray := image.NewGray(image.Rect(0, 0, 500, 400))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i % 251)
	}
	decoded, err := jpeg.Decode(bytes.NewReader(mustJPEG(t, photoLike(1200, 900))))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		src    image.Image
		dw, dh int
	}{
		{"JPEG 4:2:0 by 2.3", decoded, 512, 384},
		{"YCbCr 4:4:4 by 1.5", ycc(300, 200, image.YCbCrSubsampleRatio444), 200, 133},
		{"YCbCr 4:2:2 by 7", ycc(700, 350, image.YCbCrSubsampleRatio422), 100, 50},
		{"RGBA by 1.95", photoLike(400, 300), 205, 154},
		{"NRGBA with alpha", translucent, 90, 60},
		{"Gray, via conversion", gray, 123, 98},
		{"sub-image", photoLike(400, 300).SubImage(image.Rect(37, 11, 337, 211)), 100, 67},
		{"strip to one row", photoLike(1000, 3), 100, 1},
		{"one pixel", photoLike(50, 50), 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := image.NewRGBA(image.Rect(0, 0, c.dw, c.dh))
			resample(got, c.src)
			want := image.NewRGBA(got.Rect)
			draw.CatmullRom.Scale(want, want.Rect, c.src, c.src.Bounds(), draw.Src, nil)
			total, worst := 0, 0
			for i := range got.Pix {
				d := abs(int(got.Pix[i]) - int(want.Pix[i]))
				total += d
				worst = max(worst, d)
			}
			mean := float64(total) / float64(len(got.Pix))
			if mean > 0.3 || worst > 1 { // rounding, not a different filter
				t.Errorf("differs from x/image/draw: mean %.3f, worst %d", mean, worst)
			}
			for i := 0; i < len(got.Pix); i += 4 {
				p := got.Pix[i : i+4]
				if p[0] > p[3] || p[1] > p[3] || p[2] > p[3] {
					t.Fatalf("pixel %d is not premultiplied: %v", i/4, p)
				}
			}
		})
	}
}

func TestWeightsSumToOne(t *testing.T) {
	for _, c := range [][2]int{{2048, 4000}, {360, 2048}, {1, 7}, {3, 3}, {1, 1}, {100, 101}, {7, 5000}} {
		t.Run(fmt.Sprintf("%d from %d", c[0], c[1]), func(t *testing.T) {
			ws := newWeights(c[0], c[1])
			for d, s := range ws.start {
				if s < 0 || s+ws.n > c[1] {
					t.Fatalf("pixel %d reads %d..%d of %d", d, s, s+ws.n, c[1])
				}
				sum := int32(0)
				for _, w := range ws.w[d*ws.n : (d+1)*ws.n] {
					sum += w
				}
				if sum != 1<<weightBits {
					t.Fatalf("pixel %d: weights sum to %d", d, sum)
				}
			}
		})
	}
}
