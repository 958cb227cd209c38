package web

import (
	"fmt"
	"html/template"
	"strings"
)

// The metrics charts are drawn here, on the server, as inline SVG: no
// script, readable by screen readers through a title and a description,
// with the same figures in a table beside each chart.

// bar is one labelled value of a chart; Second is an optional second series.
type bar struct {
	Label         string
	Value, Second int
}

// svgEscape escapes text for SVG content and attributes.
func svgEscape(s string) string { return template.HTMLEscapeString(s) }

// hbarChart draws horizontal bars, one row per bar, labels on the left;
// it scales to its container's width.
func hbarChart(id, title, desc string, bars []bar) template.HTML {
	const rowH, labelW, width = 30, 118, 360
	max := 1
	for _, b := range bars {
		max = maxInt(max, b.Value)
	}
	h := rowH*len(bars) + 8
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" id="%s" role="img" aria-labelledby="%s-t %s-d" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet">`,
		id, id, id, width, h)
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, svgEscape(title), id, svgEscape(desc))
	for i, b := range bars {
		y := 4 + i*rowH
		w := (width - labelW - 48) * b.Value / max
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" font-size="14" fill="#1a1a1a">%s</text>`, labelW-6, y+19, svgEscape(b.Label))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" fill="#a6281e"></rect>`, labelW, y+5, maxInt(w, 1), rowH-12)
		fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="14" fill="#1a1a1a">%d</text>`, labelW+w+6, y+19, b.Value)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// vbarChart draws a pair of vertical bars per label (Value dark, Second
// green), for weeks; a legend names the two series.
func vbarChart(id, title, desc, first, second string, bars []bar) template.HTML {
	const height, top, bottom, left = 220, 28, 40, 36
	slot := 44
	width := maxInt(left+slot*len(bars)+8, 320)
	max := 1
	for _, b := range bars {
		max = maxInt(max, maxInt(b.Value, b.Second))
	}
	plot := height - top - bottom
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" id="%s" role="img" aria-labelledby="%s-t %s-d" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet">`,
		id, id, id, width, height)
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, svgEscape(title), id, svgEscape(desc))
	fmt.Fprintf(&sb, `<rect x="%d" y="6" width="12" height="12" fill="#a6281e"></rect><text x="%d" y="17" font-size="13" fill="#1a1a1a">%s</text>`,
		left, left+16, svgEscape(first))
	fmt.Fprintf(&sb, `<rect x="%d" y="6" width="12" height="12" fill="#1d6b35"></rect><text x="%d" y="17" font-size="13" fill="#1a1a1a">%s</text>`,
		left+120, left+136, svgEscape(second))
	fmt.Fprintf(&sb, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#4a4a4a"></line>`, left, top+plot, width-4, top+plot)
	fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" font-size="12" fill="#1a1a1a">%d</text>`, left-4, top+10, max)
	for i, b := range bars {
		x := left + 4 + i*slot
		h1, h2 := plot*b.Value/max, plot*b.Second/max
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="16" height="%d" fill="#a6281e"></rect>`, x, top+plot-h1, h1)
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="16" height="%d" fill="#1d6b35"></rect>`, x+18, top+plot-h2, h2)
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle" font-size="12" fill="#1a1a1a">%s</text>`, x+17, top+plot+16, svgEscape(b.Label))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}
