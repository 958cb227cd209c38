package photo

import (
	"image"
	"image/color"
	"image/draw"
	"math"
)

// resample scales src onto all of dst with a Catmull-Rom filter widened by
// the reduction factor, so that every source pixel counts and fine patterns
// (blinds, brickwork, fabric) do not turn into moiré.
//
// x/image/draw's CatmullRom gives the same picture but keeps a float64
// buffer of dst width × src height, 200 MB for a 12-megapixel photo, and
// its ApproxBiLinear is fast but aliases beyond a 2× reduction. This is a
// separable, fixed-point version in the manner of Pillow: source rows are
// read one at a time and resampled horizontally into a ring just tall
// enough for the vertical filter, so the only large buffer is dst.
func resample(dst *image.RGBA, src image.Image) {
	sb := src.Bounds()
	dw, dh := dst.Rect.Dx(), dst.Rect.Dy()
	if dw <= 0 || dh <= 0 || sb.Empty() {
		return
	}
	read := rowReader(src)
	wx, wy := newWeights(dw, sb.Dx()), newWeights(dh, sb.Dy())
	ring := make([][]int16, wy.n)
	for i := range ring {
		ring[i] = make([]int16, dw*4)
	}
	buf := make([]uint8, sb.Dx()*4)
	acc := make([]int32, dw*4)
	next := 0 // the next source row to resample horizontally
	for dy := range dh {
		first := wy.start[dy]
		next = max(next, first)
		for ; next < first+wy.n; next++ {
			wx.apply(ring[next%wy.n], read(next, buf))
		}
		clear(acc)
		for k, w := range wy.w[dy*wy.n : (dy+1)*wy.n] {
			if w == 0 {
				continue
			}
			for i, v := range ring[(first+k)%wy.n] {
				acc[i] += w * int32(v)
			}
		}
		out := dst.Pix[dy*dst.Stride : dy*dst.Stride+dw*4]
		for i := 0; i < len(out); i += 4 {
			out[i], out[i+1], out[i+2], out[i+3] = premul(acc[i], acc[i+1], acc[i+2], acc[i+3], weightBits+midBits)
		}
	}
}

// weightBits is the fixed-point precision of filter weights. midBits are
// the fraction bits kept between the horizontal and the vertical pass, where
// samples are neither rounded to 8 bits nor clamped, so that an overshoot of
// the filter's negative lobes can still be cancelled by the second pass.
// Samples in the ring then stay within ±1.5×255<<midBits (fits int16) and
// the vertical sums within ±1.5²×255<<(weightBits+midBits) (fits int32).
const (
	weightBits = 14
	midBits    = 6
)

// weights says how each of the n destination pixels along one axis is made:
// from taps consecutive source pixels starting at start[i], weighted by
// w[i*taps:(i+1)*taps], which sum to exactly 1<<weightBits. Every window has
// the same length, padded with zero weights, to keep the loops simple.
type weights struct {
	n     int
	start []int
	w     []int32
}

// newWeights lays a Catmull-Rom filter over sn source pixels for dn
// destination pixels, with the pixel-centre convention and the edge handling
// (taps outside the source dropped, the rest renormalized) of x/image/draw.
func newWeights(dn, sn int) weights {
	scale := float64(sn) / float64(dn)
	support, argScale := 2.0, 1.0
	if scale > 1 {
		support, argScale = 2*scale, 1/scale
	}
	n := min(sn, int(math.Ceil(2*support))+1)
	ws := weights{n: n, start: make([]int, dn), w: make([]int32, dn*n)}
	f := make([]float64, n)
	for d := range dn {
		c := (float64(d)+0.5)*scale - 0.5
		start := min(max(0, int(math.Floor(c-support))), sn-n)
		total := 0.0
		for k := range f {
			f[k] = catmullRom(math.Abs(c-float64(start+k)) * argScale)
			total += f[k]
		}
		w := ws.w[d*n : (d+1)*n]
		sum, big := int32(0), 0
		for k := range f {
			w[k] = int32(math.Round(f[k] / total * (1 << weightBits)))
			sum += w[k]
			if w[k] > w[big] {
				big = k
			}
		}
		w[big] += 1<<weightBits - sum // rounding must not brighten or darken
		ws.start[d] = start
	}
	return ws
}

// catmullRom is the cubic with B=0, C=1/2: sharp, with small negative lobes.
func catmullRom(t float64) float64 {
	switch {
	case t < 1:
		return (1.5*t-2.5)*t*t + 1
	case t < 2:
		return ((-0.5*t+2.5)*t-4)*t + 2
	}
	return 0
}

// apply resamples one row of premultiplied RGBA pixels, src to dst, keeping
// midBits of fraction.
func (ws *weights) apply(dst []int16, src []uint8) {
	const shift = weightBits - midBits
	for d, s := range ws.start {
		w := ws.w[d*ws.n : (d+1)*ws.n]
		px := src[s*4 : (s+len(w))*4]
		var r, g, b, a int32
		for k, wk := range w {
			p := px[k*4 : k*4+4 : k*4+4]
			r += wk * int32(p[0])
			g += wk * int32(p[1])
			b += wk * int32(p[2])
			a += wk * int32(p[3])
		}
		o := dst[d*4 : d*4+4 : d*4+4]
		o[0], o[1], o[2], o[3] = int16(r>>shift), int16(g>>shift), int16(b>>shift), int16(a>>shift)
	}
}

// premul rounds sums with the given fraction bits back to 8 bits. The
// negative lobes can overshoot, so values are clamped to 0..255 and colour
// to at most alpha, as premultiplied pixels require.
func premul(r, g, b, a int32, bits uint) (uint8, uint8, uint8, uint8) {
	a8 := clamp8(a, bits)
	return min(clamp8(r, bits), a8), min(clamp8(g, bits), a8), min(clamp8(b, bits), a8), a8
}

func clamp8(v int32, bits uint) uint8 {
	v = (v + 1<<(bits-1)) >> bits
	return uint8(min(max(v, 0), 255))
}

// rowReader returns a function that yields row y (counted from the top of
// m's bounds) as premultiplied RGBA, using buf when it must convert. JPEG's
// YCbCr and PNG's RGBA and NRGBA are read directly; anything rarer is first
// converted whole by image/draw.
func rowReader(m image.Image) func(y int, buf []uint8) []uint8 {
	b := m.Bounds()
	switch m := m.(type) {
	case *image.RGBA:
		return func(y int, _ []uint8) []uint8 {
			i := m.PixOffset(b.Min.X, b.Min.Y+y)
			return m.Pix[i : i+b.Dx()*4]
		}
	case *image.NRGBA:
		return func(y int, buf []uint8) []uint8 {
			i := m.PixOffset(b.Min.X, b.Min.Y+y)
			row := m.Pix[i : i+b.Dx()*4]
			for x := 0; x < len(row); x += 4 {
				a := uint32(row[x+3])
				buf[x] = uint8((uint32(row[x])*a + 127) / 255)
				buf[x+1] = uint8((uint32(row[x+1])*a + 127) / 255)
				buf[x+2] = uint8((uint32(row[x+2])*a + 127) / 255)
				buf[x+3] = uint8(a)
			}
			return buf
		}
	case *image.YCbCr:
		return func(y int, buf []uint8) []uint8 {
			for x := range b.Dx() {
				yi, ci := m.YOffset(b.Min.X+x, b.Min.Y+y), m.COffset(b.Min.X+x, b.Min.Y+y)
				buf[x*4], buf[x*4+1], buf[x*4+2] = color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
				buf[x*4+3] = 0xFF
			}
			return buf
		}
	}
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Rect, m, b.Min, draw.Src)
	return rowReader(rgba)
}
