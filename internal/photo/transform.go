package photo

import (
	"image"
	"image/draw"
)

// fit returns w×h scaled down, keeping the aspect ratio, so that the longest
// side is at most side. Pictures already small enough are never enlarged.
func fit(w, h, side int) (int, int) {
	if w <= side && h <= side {
		return w, h
	}
	if w >= h {
		return side, max(1, int((int64(h)*int64(side)+int64(w)/2)/int64(w)))
	}
	return max(1, int((int64(w)*int64(side)+int64(h)/2)/int64(h))), side
}

// render returns src scaled to fit side, flattened onto white when flatten
// is set (a transparent picture bound for JPEG), and turned upright by the
// EXIF orientation o. When nothing needs doing it returns src itself, which
// the encoders read directly (image/jpeg has fast paths for YCbCr and Gray).
func render(src image.Image, side int, flatten bool, o int) image.Image {
	b := src.Bounds()
	w, h := fit(b.Dx(), b.Dy(), side)
	scale := w != b.Dx() || h != b.Dy()
	if !scale && !flatten && o == 1 {
		return src
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if scale {
		resample(dst, src)
	} else {
		draw.Draw(dst, dst.Rect, src, b.Min, draw.Src)
	}
	if flatten {
		onWhite(dst)
	}
	return orient(dst, o)
}

// onWhite composites m over a white background in place, so that
// transparent areas turn white rather than black once alpha is dropped.
func onWhite(m *image.RGBA) {
	for i := 0; i+3 < len(m.Pix); i += 4 {
		p := m.Pix[i : i+4 : i+4]
		bg := 0xFF - p[3]
		p[0], p[1], p[2], p[3] = p[0]+bg, p[1]+bg, p[2]+bg, 0xFF
	}
}

// orient returns m turned so that it looks right without the EXIF
// orientation o (1..8); m itself for 1 or any unknown value.
//
// The values name where the stored picture's first row and first column
// belong: 2 mirrors left-right, 3 turns 180°, 4 mirrors top-bottom,
// 5 transposes, 6 turns 90° clockwise, 7 transverses, 8 turns 90°
// counter-clockwise.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	d := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for dy := range dh {
		row := d.Pix[dy*d.Stride : dy*d.Stride+dw*4]
		for dx := range dw {
			sx, sy := source(o, dx, dy, w, h)
			s := m.PixOffset(m.Rect.Min.X+sx, m.Rect.Min.Y+sy)
			copy(row[dx*4:dx*4+4], m.Pix[s:s+4])
		}
	}
	return d
}

// source maps a pixel (dx, dy) of the upright picture to the stored w×h
// picture it comes from, for orientation o.
func source(o, dx, dy, w, h int) (int, int) {
	switch o {
	case 2:
		return w - 1 - dx, dy
	case 3:
		return w - 1 - dx, h - 1 - dy
	case 4:
		return dx, h - 1 - dy
	case 5:
		return dy, dx
	case 6:
		return dy, h - 1 - dx
	case 7:
		return w - 1 - dy, h - 1 - dx
	case 8:
		return w - 1 - dy, dx
	}
	return dx, dy
}
