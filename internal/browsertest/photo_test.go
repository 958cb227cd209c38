package browsertest

import (
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/browser"
	"github.com/linli-dev/linli/internal/testenv"
)

// writeJPEG makes a small photo on disk for the browser to pick.
func writeJPEG(t *testing.T, name string) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for x := 0; x < 320; x++ {
		for y := 0; y < 240; y++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 160, 255})
		}
	}
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := jpeg.Encode(f, img, nil); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestResidentPostsATopicWithAPhoto(t *testing.T) {
	browser.Chromium(t)
	e := testenv.SQLite(t)
	b := browser.New(t)
	ctx := b.Incognito(t)
	browser.Navigate(t, ctx, e.URL+"/lang/zh-CN?next=/")
	login(t, ctx, e.URL, testenv.ResidentA)

	browser.Navigate(t, ctx, fmt.Sprintf("%s/neighborhoods/%d/compose", e.URL, e.A.ID))
	browser.Select(t, ctx, "#category", "facilities")
	browser.Fill(t, ctx, "#title", "楼道灯不亮")
	browser.Fill(t, ctx, "#body", "2号楼三楼的灯坏了一周，晚上上下楼很危险。")
	browser.SetUploadFiles(t, ctx, "#photos", writeJPEG(t, "lamp.jpg"))
	if n := browser.WaitImagesLoaded(t, ctx, "#previews img"); n != 1 {
		t.Fatalf("%d previews for one photo", n)
	}
	visit(t, ctx, "compose-photo")

	browser.Submit(t, ctx, "form.stack button[type=submit]")
	if got := browser.Text(t, ctx, "main"); !strings.Contains(got, "发布成功") || !strings.Contains(got, "楼道灯不亮") {
		t.Fatalf("topic after posting:\n%s", got)
	}
	if n := browser.WaitImagesLoaded(t, ctx, "article .photos img"); n != 1 {
		t.Fatalf("the topic shows %d photos", n)
	}
	visit(t, ctx, "topic-photo")
	topicURL := browser.URL(t, ctx)

	// A cadre answering on the page sees the move form; the resident then
	// sees the comment waiting in the navigation. Both pages pass axe.
	cadre := b.Incognito(t)
	browser.Navigate(t, cadre, e.URL+"/lang/zh-CN?next=/")
	login(t, cadre, e.URL, testenv.CadreA)
	browser.Navigate(t, cadre, topicURL)
	browser.WaitVisible(t, cadre, "#move-section")
	browser.Fill(t, cadre, "#body", "收到，明天换灯。")
	browser.Submit(t, cadre, "form.stack button[type=submit]")
	visit(t, cadre, "topic-moderator")

	browser.Navigate(t, ctx, e.URL+"/board")
	if got := browser.Text(t, ctx, "nav.main a[href='/inbox']"); !strings.Contains(got, "1") {
		t.Fatalf("the resident's inbox link: %q", got)
	}
	visit(t, ctx, "board-unread")
}
