package app_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

// shanghai is the GPS latitude the test photo gives away: 31°14'24" N, as
// three little-endian TIFF rationals.
var shanghai = func() []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, []uint32{31, 1, 14, 1, 2400, 100})
	return b.Bytes()
}()

// jpegWithGPS makes a JPEG whose EXIF says where it was taken, as phone
// photos of a broken lamp outside one's own door do.
func jpegWithGPS(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 80, 60))
	for x := 0; x < 80; x++ {
		for y := 0; y < 60; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 3), shade, uint8(y * 4), 255})
		}
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, nil); err != nil {
		t.Fatal(err)
	}
	// TIFF: IFD0 at 8 holds one GPSInfo pointer to the GPS IFD at 26, which
	// holds GPSLatitudeRef "N" and GPSLatitude (three rationals at 56).
	var tiff bytes.Buffer
	w := func(v any) { binary.Write(&tiff, binary.LittleEndian, v) }
	tiff.WriteString("II*\x00")
	w(uint32(8))
	w(uint16(1))
	w([]uint16{0x8825, 4})
	w([]uint32{1, 26, 0})
	w(uint16(2))
	w([]uint16{0x0001, 2})
	w(uint32(2))
	tiff.WriteString("N\x00\x00\x00")
	w([]uint16{0x0002, 5})
	w([]uint32{3, 56, 0})
	tiff.Write(shanghai)
	app1 := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(plain.Bytes()[:2])
	out.Write([]byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)})
	out.Write(app1)
	out.Write(plain.Bytes()[2:])
	return out.Bytes()
}

// upload sends photos to POST /api/v1/photos as multipart "photo" parts and
// returns the status and decoded body.
func upload(t *testing.T, c *testenv.Client, base string, files ...[]byte) (int, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i, f := range files {
		fw, _ := mw.CreateFormFile("photo", fmt.Sprintf("IMG_%04d.jpg", i))
		fw.Write(f)
	}
	mw.Close()
	return sendUpload(t, c, base, mw.FormDataContentType(), &buf)
}

func sendUpload(t *testing.T, c *testenv.Client, base, contentType string, body io.Reader) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/v1/photos", body)
	req.Header.Set("Content-Type", contentType)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("upload: %d, not JSON: %q", resp.StatusCode, raw)
	}
	return resp.StatusCode, out
}

// uploadedKeys returns the keys an upload answered with.
func uploadedKeys(t *testing.T, body map[string]any) []string {
	t.Helper()
	var keys []string
	for _, it := range body["items"].([]any) {
		keys = append(keys, it.(map[string]any)["key"].(string))
	}
	return keys
}

func TestPhotosUploadedThroughTheAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		resident := e.Client(t)
		resident.Login(testenv.ResidentA)
		secs := boardSections(t, resident, e.A.ID)
		original := jpegWithGPS(t, 90)
		if !bytes.Contains(original, shanghai) {
			t.Fatal("the test photo carries no position")
		}

		st, body := upload(t, resident, e.URL, original)
		if st != 201 {
			t.Fatalf("upload: %d %v", st, body)
		}
		keys := uploadedKeys(t, body)
		topic := map[string]any{"title": "路灯坏了", "body": "5号楼前的路灯不亮，见照片。", "category": "facilities", "photos": keys}
		st, posted := resident.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), topic)
		if st != 201 || posted["photos"].(float64) != 1 {
			t.Fatalf("topic with an uploaded photo: %d %v", st, posted)
		}
		_, detail := resident.Do("GET", fmt.Sprintf("/api/v1/topics/%d", int64(posted["id"].(float64))), nil)
		photos := detail["photos"].([]any)
		if len(photos) != 1 {
			t.Fatalf("topic photos: %v", detail["photos"])
		}
		for _, u := range []string{"url", "thumb_url"} {
			r, err := http.Get(e.URL + photos[0].(map[string]any)[u].(string))
			if err != nil {
				t.Fatal(err)
			}
			served, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/jpeg" || r.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Fatalf("serving the %s: %d %v", u, r.StatusCode, r.Header)
			}
			if bytes.Contains(served, []byte("Exif")) || bytes.Contains(served, shanghai) {
				t.Fatalf("the %s still says where it was taken", u)
			}
		}

		// An upload is attached once: posting it again is refused.
		st, again := resident.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), topic)
		if st != 422 || testenv.ErrorCode(again) != "invalid" {
			t.Fatalf("attaching a photo twice: %d %v", st, again)
		}

		// Someone else's upload cannot be borrowed, and the refusal changes nothing.
		cadre := e.Client(t)
		cadre.Login(testenv.CadreA)
		st, body = upload(t, cadre, e.URL, jpegWithGPS(t, 200))
		if st != 201 {
			t.Fatalf("cadre's upload: %d %v", st, body)
		}
		theirs := uploadedKeys(t, body)
		topic["photos"], topic["title"] = theirs, "借用别人的照片"
		st, stolen := resident.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), topic)
		if st != 422 || testenv.ErrorCode(stolen) != "invalid" {
			t.Fatalf("attaching someone else's photo: %d %v", st, stolen)
		}
		_, board := resident.Do("GET", fmt.Sprintf("/api/v1/neighborhoods/%d/board", e.A.ID), nil)
		if n := len(board["items"].([]any)); n != 1 {
			t.Fatalf("board after refused posts: %d topics", n)
		}
		topic["title"] = "社工的照片"
		if st, ok := cadre.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), topic); st != 201 {
			t.Fatalf("the cadre attaching their own photo after the refusal: %d %v", st, ok)
		}

		// At most nine photos a topic, counting uploads.
		var ten [][]byte
		for i := range 10 {
			ten = append(ten, jpegWithGPS(t, uint8(i*20)))
		}
		if st, body := upload(t, resident, e.URL, ten...); st != 422 {
			t.Fatalf("ten photos in one upload: %d %v", st, body)
		}
		nine := make([]string, 10)
		for i := range nine {
			nine[i] = keys[0]
		}
		topic["photos"] = nine
		if st, body := resident.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), topic); st != 422 || !strings.Contains(fmt.Sprint(body), "9") {
			t.Fatalf("a topic with ten photo keys: %d %v", st, body)
		}

		// A picture sent as the body itself works too; HEIC is refused with advice.
		st, body = sendUpload(t, resident, e.URL, "image/jpeg", bytes.NewReader(jpegWithGPS(t, 30)))
		if st != 201 || len(uploadedKeys(t, body)) != 1 {
			t.Fatalf("raw JPEG upload: %d %v", st, body)
		}
		heic := append([]byte{0, 0, 0, 24}, []byte("ftypheic\x00\x00\x00\x00mif1heic")...)
		st, body = sendUpload(t, resident, e.URL, "image/heic", bytes.NewReader(heic))
		msg, _ := body["error"].(map[string]any)["message"].(string)
		if st != 422 || testenv.ErrorCode(body) != "invalid" || !strings.Contains(msg, "兼容性最佳") {
			t.Fatalf("HEIC upload: %d %v", st, body)
		}
		st, body = upload(t, resident, e.URL, heic)
		if st != 422 || testenv.ErrorCode(body) != "invalid" {
			t.Fatalf("HEIC in a multipart upload: %d %v", st, body)
		}

		// Only people who may post upload at all.
		newcomer := e.Client(t)
		newcomer.Login(testenv.Newcomer)
		if st, body := upload(t, newcomer, e.URL, original); st != 403 {
			t.Fatalf("unverified upload: %d %v", st, body)
		}
		if st, body := upload(t, e.Client(t), e.URL, original); st != 401 {
			t.Fatalf("anonymous upload: %d %v", st, body)
		}
	})
}
