package board_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
)

func TestAnUploadIsAttachedOnceEvenByRacingPosts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 2)
		lamp := board.Photo{Key: "ab/cd/abcd.jpg", ThumbKey: "ef/01/ef01.jpg", ContentType: "image/jpeg", Width: 800, Height: 600}
		if err := f.store.RecordUploads(ctx, f.users[0], f.hood.DistrictID, []board.Photo{lamp, lamp}); err != nil {
			t.Fatal(err)
		}
		draft := board.Draft{Title: "路灯坏了", Body: "见照片", Category: "facilities", UploadKeys: []string{lamp.Key}}
		if _, err := f.store.Create(ctx, f.hall, f.users[1], draft, board.Visible, ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("a neighbor attaching the upload: %v", err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		var won []*board.Topic
		for range 4 {
			wg.Go(func() {
				tp, err := f.store.Create(ctx, f.hall, f.users[0], draft, board.Visible, "")
				if err != nil && !errs.Is(err, errs.Invalid) {
					t.Error(err)
				}
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					won = append(won, tp)
				}
			})
		}
		wg.Wait()
		if len(won) != 1 || won[0].PhotoCount != 1 {
			t.Fatalf("%d of four racing posts got the photo", len(won))
		}
		got, _ := f.store.Photos(ctx, won[0].ID)
		if len(got) != 1 || got[0] != lamp {
			t.Fatalf("attached photos: %+v", got)
		}
		var topics int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM topics`).Scan(&topics)
		if topics != 1 {
			t.Fatalf("refused posts left %d topics", topics)
		}
	})
}

func TestWaitingUploadsArePurgedAfterADay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		now := time.Now()
		f.store.Now = func() time.Time { return now }
		old := board.Photo{Key: "00/11/0011.jpg", ThumbKey: "22/33/2233.jpg", ContentType: "image/jpeg", Width: 1, Height: 1}
		used := board.Photo{Key: "44/55/4455.jpg", ThumbKey: "66/77/6677.jpg", ContentType: "image/jpeg", Width: 1, Height: 1}
		if err := f.store.RecordUploads(ctx, f.users[0], f.hood.DistrictID, []board.Photo{old, used}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Create(ctx, f.hall, f.users[0], board.Draft{Title: "t", Body: "b", Category: "other", UploadKeys: []string{used.Key}}, board.Visible, ""); err != nil {
			t.Fatal(err)
		}
		now = now.Add(board.UploadTTL + time.Minute)
		if n, err := f.store.PurgeUploads(ctx); err != nil || n != 1 {
			t.Fatalf("purge: %d %v", n, err)
		}
		_, err := f.store.Create(ctx, f.hall, f.users[0], board.Draft{Title: "t", Body: "b", Category: "other", UploadKeys: []string{old.Key}}, board.Visible, "")
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("attaching a purged upload: %v", err)
		}
	})
}
