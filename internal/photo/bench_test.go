package photo

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func BenchmarkProcessJPEG12MP(b *testing.B) { benchmarkProcess(b, 4000, 3000) }

func BenchmarkProcessPhone(b *testing.B) { benchmarkProcess(b, 1500, 2000) }

// benchmarkProcess times Process on a w×h JPEG carrying EXIF orientation 6,
// the common case of a phone held upright.
func benchmarkProcess(b *testing.B, w, h int) {
	in := withEXIF(b, mustJPEG(b, photoLike(w, h)), exifTIFF(binary.BigEndian, 6, testCamera))
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Process(bytes.NewReader(in), DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}
