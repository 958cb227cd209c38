package board_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
)

type fixture struct {
	store *board.Store
	hall  *board.Section
	users []int64
	hood  *org.Place
}

func newFixture(t *testing.T, d *db.DB, people int) *fixture {
	t.Helper()
	ctx := context.Background()
	o := org.NewStore(d)
	dist, _ := o.CreatePlace(ctx, d, 0, org.District, "区")
	street, _ := o.CreatePlace(ctx, d, dist.ID, org.Street, "街道")
	hood, err := o.CreatePlace(ctx, d, street.ID, org.Neighborhood, "小区")
	if err != nil {
		t.Fatal(err)
	}
	s := board.NewStore(d)
	if err := s.EnsureSections(ctx, d, hood.DistrictID, hood.ID, []board.SectionSpec{{Kind: board.Hall, Name: "议事厅"}, {Kind: board.Neighbors, Name: "左邻右舍"}}); err != nil {
		t.Fatal(err)
	}
	secs, _ := s.Sections(ctx, hood.ID)
	f := &fixture{store: s, hall: secs[0], hood: hood}
	keys, _ := pii.NewKeys(make([]byte, 32))
	accts := account.NewStore(d, keys)
	for i := 0; i < people; i++ {
		u, err := accts.Insert(ctx, d, fmt.Sprintf("1380000%04d", i), "x", fmt.Sprintf("邻居%d", i))
		if err != nil {
			t.Fatal(err)
		}
		f.users = append(f.users, u.ID)
	}
	return f
}

func (f *fixture) post(t *testing.T, author int64, title, body string) *board.Topic {
	t.Helper()
	tp, err := f.store.Create(context.Background(), f.hall, author, board.Draft{Title: title, Body: body, Category: "parking"}, board.Visible, "")
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func TestTopicsPageWithoutOffsets(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		for i := 0; i < 7; i++ {
			f.post(t, f.users[0], fmt.Sprintf("第%d个议题", i), "内容")
		}
		var seen []int64
		cursor := ""
		for page := 0; page < 5; page++ {
			p, err := f.store.List(ctx, board.ListQuery{NeighborhoodID: f.hood.ID, Sort: board.Latest, Cursor: cursor, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			for _, tp := range p.Topics {
				seen = append(seen, tp.ID)
			}
			if p.Next == "" {
				break
			}
			cursor = p.Next
			// A topic posted between pages must not shift what comes next.
			if page == 0 {
				f.post(t, f.users[0], "插进来的", "内容")
			}
		}
		if len(seen) != 7 {
			t.Fatalf("paged through %d topics, want the 7 that existed: %v", len(seen), seen)
		}
		for i := 1; i < len(seen); i++ {
			if seen[i] >= seen[i-1] {
				t.Fatalf("not newest first: %v", seen)
			}
		}
		if _, err := f.store.List(ctx, board.ListQuery{NeighborhoodID: f.hood.ID, Cursor: "garbage!"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("a bad cursor: %v", err)
		}
	})
}

func TestLikesAndReadsCountOncePerPerson(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 20)
		tp := f.post(t, f.users[0], "小区停车难", "晚上回来没有车位")
		var wg sync.WaitGroup
		for _, u := range f.users {
			for rep := 0; rep < 3; rep++ { // everyone likes and reads three times, at once
				wg.Add(1)
				go func(u int64) {
					defer wg.Done()
					if _, err := f.store.Like(ctx, tp.DistrictID, u, "topic", tp.ID, true); err != nil {
						t.Error(err)
					}
					if err := f.store.MarkRead(ctx, tp, u); err != nil {
						t.Error(err)
					}
				}(u)
			}
		}
		wg.Wait()
		got, _ := f.store.Topic(ctx, tp.ID)
		if got.LikeCount != 20 || got.ReadCount != 20 {
			t.Fatalf("likes %d reads %d, want 20 and 20", got.LikeCount, got.ReadCount)
		}
		changed, _ := f.store.Like(ctx, tp.DistrictID, f.users[0], "topic", tp.ID, false)
		again, _ := f.store.Like(ctx, tp.DistrictID, f.users[0], "topic", tp.ID, false)
		got, _ = f.store.Topic(ctx, tp.ID)
		if !changed || again || got.LikeCount != 19 {
			t.Fatalf("unlike: changed %v again %v likes %d", changed, again, got.LikeCount)
		}
		if !got.IsHot(60) || got.IsHot(70) {
			t.Fatalf("20 readers of 60 residents is hot (>30%%), of 70 is not")
		}
		if got.HotScore <= tp.HotScore {
			t.Fatal("engagement did not raise the hot score")
		}
		// PostgreSQL scores in SQL, SQLite in Go: both must be HotScore.
		if want := board.HotScore(got.LikeCount, got.CommentCount, got.ReadCount, got.CreatedAt); math.Abs(got.HotScore-want) > 1e-9 {
			t.Fatalf("hot score %v, want HotScore's %v", got.HotScore, want)
		}
		// The board page says who likes what in the same query.
		other := f.post(t, f.users[1], "电梯又坏了", "三号楼")
		for i, viewer := range []int64{f.users[0], f.users[1]} {
			p, err := f.store.List(ctx, board.ListQuery{NeighborhoodID: f.hood.ID, Viewer: viewer})
			if err != nil {
				t.Fatal(err)
			}
			if p.Liked[tp.ID] != (i == 1) || p.Liked[other.ID] || len(p.Topics) != 2 {
				t.Fatalf("viewer %d sees liked %v on %d topics", viewer, p.Liked, len(p.Topics))
			}
		}
	})
}

func TestCommentsNestOneLevelAndLockedTopicsRefuse(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 2)
		tp := f.post(t, f.users[0], "垃圾分类", "几点投放？")
		c1, err := f.store.AddComment(ctx, tp, 0, f.users[1], "早上七点到九点", board.Visible, "")
		if err != nil {
			t.Fatal(err)
		}
		// What AddComment returns is the comment as stored.
		if stored, err := f.store.Comment(ctx, c1.ID); err != nil || !reflect.DeepEqual(stored, c1) {
			t.Fatalf("returned %+v, stored %+v (%v)", c1, stored, err)
		}
		r1, _ := f.store.AddComment(ctx, tp, c1.ID, f.users[0], "谢谢", board.Visible, "")
		r2, _ := f.store.AddComment(ctx, tp, r1.ID, f.users[1], "不客气", board.Visible, "")
		if r1.ParentID != c1.ID || r2.ParentID != c1.ID {
			t.Fatalf("a reply to a reply should hang under the first comment: %d %d", r1.ParentID, r2.ParentID)
		}
		got, _ := f.store.Topic(ctx, tp.ID)
		if got.CommentCount != 3 || !got.LastActivityAt.After(tp.CreatedAt.Add(-time.Millisecond)) {
			t.Fatalf("comment count %d", got.CommentCount)
		}
		list, _ := f.store.Comments(ctx, tp, 0, 100)
		if len(list) != 3 {
			t.Fatalf("%d comments", len(list))
		}
		if _, err := f.store.AddComment(ctx, tp, 0, f.users[1], "  ", board.Visible, ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("an empty comment: %v", err)
		}
		got.Locked = true
		if _, err := f.store.AddComment(ctx, got, 0, f.users[1], "还能说吗", board.Visible, ""); !errs.Is(err, errs.Conflict) {
			t.Fatalf("a locked topic: %v", err)
		}
	})
}

func TestSearchFindsATwoCharacterChineseWord(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		parking := f.post(t, f.users[0], "晚上停车太难了", "三号楼门口总是占满")
		f.post(t, f.users[0], "垃圾分类时间", "早上七点")
		noise := f.post(t, f.users[0], "广场舞噪音", "能不能晚上八点前结束，别影响停车的人休息")
		found, err := f.store.Search(ctx, board.SearchQuery{NeighborhoodIDs: []int64{f.hood.ID}, Text: "停车"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]bool{}
		for _, tp := range found {
			got[tp.ID] = true
		}
		if len(found) != 2 || !got[parking.ID] || !got[noise.ID] {
			t.Fatalf("停车 found %d topics: %v", len(found), got)
		}
		if found, _ := f.store.Search(ctx, board.SearchQuery{NeighborhoodIDs: []int64{f.hood.ID + 999}, Text: "停车"}); len(found) != 0 {
			t.Fatal("search crossed neighborhoods")
		}
		one, err := f.store.Search(ctx, board.SearchQuery{NeighborhoodIDs: []int64{f.hood.ID}, Text: "舞"})
		if err != nil || len(one) != 1 {
			t.Fatalf("one-character search: %d %v", len(one), err)
		}
		if _, err := f.store.Search(ctx, board.SearchQuery{NeighborhoodIDs: []int64{f.hood.ID}, Text: `"停车" OR *`}); err != nil {
			t.Fatalf("operators in the query must not break it: %v", err)
		}
	})
}

func TestEditsCloseAfterTheWindow(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	f := newFixture(t, d, 1)
	now := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	f.store.Now = func() time.Time { return now }
	tp := f.post(t, f.users[0], "标题", "内容")
	draft := board.Draft{Title: "新标题", Body: "内容", Category: "other"}
	now = now.Add(29 * time.Minute)
	if _, err := f.store.Edit(ctx, tp, f.users[0], draft, board.Visible, ""); err != nil {
		t.Fatalf("within the window: %v", err)
	}
	now = now.Add(2 * time.Minute)
	if _, err := f.store.Edit(ctx, tp, f.users[0], draft, board.Visible, ""); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("after the window: %v", err)
	}
}
