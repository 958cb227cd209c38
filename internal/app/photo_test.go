package app_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

// jpegWithCamera makes a JPEG whose EXIF names the camera, as phone photos do.
func jpegWithCamera(t *testing.T, camera string) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		for y := 0; y < 48; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, nil); err != nil {
		t.Fatal(err)
	}
	// TIFF: little-endian header, IFD0 with one Make entry, then the string.
	var tiff bytes.Buffer
	tiff.WriteString("II*\x00")
	binary.Write(&tiff, binary.LittleEndian, uint32(8))
	binary.Write(&tiff, binary.LittleEndian, uint16(1))
	value := camera + "\x00"
	binary.Write(&tiff, binary.LittleEndian, []uint16{0x010F, 2})
	binary.Write(&tiff, binary.LittleEndian, []uint32{uint32(len(value)), 8 + 2 + 12 + 4})
	binary.Write(&tiff, binary.LittleEndian, uint32(0))
	tiff.WriteString(value)
	app1 := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(plain.Bytes()[:2]) // SOI
	out.Write([]byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)})
	out.Write(app1)
	out.Write(plain.Bytes()[2:])
	return out.Bytes()
}

func TestPhotosLoseTheirMetadata(t *testing.T) {
	e := testenv.SQLite(t)
	c := e.Client(t)
	c.Login(testenv.ResidentA)
	secs := boardSections(t, c, e.A.ID)
	original := jpegWithCamera(t, "PhoneMaker X100")
	if !bytes.Contains(original, []byte("PhoneMaker")) {
		t.Fatal("the test photo carries no camera name")
	}
	post := func(file []byte, name string) *http.Response {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"section": fmt.Sprint(secs["hall"]), "title": "楼道堆物", "body": "见照片", "category": "safety"} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("photos", name)
		fw.Write(file)
		mw.Close()
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/neighborhoods/%d/compose", e.URL, e.A.ID), &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := post(original, "IMG_0001.jpg")
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("post with a photo: %d", resp.StatusCode)
	}
	_, page := c.Do("GET", resp.Header.Get("Location"), nil)
	keys := regexp.MustCompile(`/photos/([0-9a-f/]+\.jpg)`).FindAllStringSubmatch(page["_raw"].(string), -1)
	if len(keys) < 2 {
		t.Fatalf("topic page shows no photo:\n%s", page["_raw"])
	}
	for _, k := range keys {
		r, err := http.Get(e.URL + "/photos/" + k[1])
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/jpeg" || r.Header.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
			t.Fatalf("serving %s: %d %v", k[1], r.StatusCode, r.Header)
		}
		if bytes.Contains(body, []byte("PhoneMaker")) || bytes.Contains(body, []byte("Exif")) {
			t.Fatalf("%s still carries EXIF", k[1])
		}
	}
	// HEIC is refused with advice, and nothing is posted.
	heic := append([]byte{0, 0, 0, 24}, []byte("ftypheic\x00\x00\x00\x00mif1heic")...)
	resp = post(heic, "IMG_0002.HEIC")
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(b), "兼容性最佳") {
		t.Fatalf("a HEIC photo: %d\n%s", resp.StatusCode, b)
	}
}
