package board_test

import (
	"context"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
)

func firstPage(t *testing.T, s *board.Store, hood int64, viewer int64) *board.Page {
	t.Helper()
	p, err := s.List(context.Background(), board.ListQuery{NeighborhoodID: hood, Viewer: viewer})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The board cache may keep a page from another node's writes for a moment,
// never from this node's: whoever posts, likes, comments or hides sees it at once.
func TestBoardCacheShowsThisNodesWritesAtOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 2)
		first := f.post(t, f.users[0], "楼道灯坏了", "三楼")
		if p := firstPage(t, f.store, f.hood.ID, f.users[1]); len(p.Topics) != 1 {
			t.Fatalf("%d topics, want 1", len(p.Topics))
		}
		second := f.post(t, f.users[0], "电梯异响", "二号楼")
		p := firstPage(t, f.store, f.hood.ID, f.users[1])
		if len(p.Topics) != 2 || p.Topics[0].ID != second.ID {
			t.Fatalf("a new topic is not on the cached board: %d topics", len(p.Topics))
		}
		if _, err := f.store.Like(ctx, first.DistrictID, f.users[1], "topic", first.ID, true); err != nil {
			t.Fatal(err)
		}
		p = firstPage(t, f.store, f.hood.ID, f.users[1])
		if p.Topics[1].LikeCount != 1 || !p.Liked[first.ID] || p.Liked[second.ID] {
			t.Fatalf("after a like: count %d, liked %v", p.Topics[1].LikeCount, p.Liked)
		}
		// The liker's likes are theirs alone, even from a shared page.
		if other := firstPage(t, f.store, f.hood.ID, f.users[0]); other.Liked[first.ID] {
			t.Fatal("another reader's page says they like it")
		}
		if _, err := f.store.AddComment(ctx, second, 0, f.users[1], "同意", board.Visible, ""); err != nil {
			t.Fatal(err)
		}
		if p = firstPage(t, f.store, f.hood.ID, 0); p.Topics[0].CommentCount != 1 {
			t.Fatalf("comment count %d after a comment", p.Topics[0].CommentCount)
		}
		if err := d.Tx(ctx, func(tx *db.Tx) error {
			_, _, err := f.store.SetStatus(ctx, tx, "topic", second.ID, board.Hidden, "广告")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if p = firstPage(t, f.store, f.hood.ID, 0); len(p.Topics) != 1 || p.Topics[0].ID != first.ID {
			t.Fatalf("a hidden topic is still on the board: %d topics", len(p.Topics))
		}
		secs, _ := f.store.Sections(ctx, f.hood.ID)
		if secs[0].TopicCount != 1 {
			t.Fatalf("section count %d after hiding, want 1", secs[0].TopicCount)
		}
	})
}

// Another node's writes reach this node's cached page only when it expires,
// and with ListTTL 0 at once.
func TestBoardCacheKeepsOtherNodesWritesForItsTTL(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 1)
		f.post(t, f.users[0], "垃圾分类", "时间调整")
		reader := board.NewStore(d)
		reader.ListTTL = time.Hour
		firstPage(t, reader, f.hood.ID, 0)
		f.post(t, f.users[0], "快递柜", "位置")
		if p := firstPage(t, reader, f.hood.ID, 0); len(p.Topics) != 1 {
			t.Fatalf("the other node's page shows %d topics within its TTL; the cache is not used", len(p.Topics))
		}
		reader.ListTTL = 0
		if p := firstPage(t, reader, f.hood.ID, 0); len(p.Topics) != 2 {
			t.Fatalf("%d topics without the cache, want 2", len(p.Topics))
		}
	})
}

// A topic's comments are shared by its readers on this node, and every write
// to them (a comment, a like, hiding one) shows at once.
func TestCachedCommentsFollowThisNodesWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 2)
		tp := f.post(t, f.users[0], "加装电梯", "意见征集")
		first, err := f.store.AddComment(ctx, tp, 0, f.users[1], "赞成", board.Visible, "")
		if err != nil {
			t.Fatal(err)
		}
		comments := func() []*board.Comment {
			list, err := f.store.Comments(ctx, tp, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			return list
		}
		if len(comments()) != 1 {
			t.Fatal("the first comment is missing")
		}
		if _, err := f.store.AddComment(ctx, tp, first.ID, f.users[0], "谢谢", board.Visible, ""); err != nil {
			t.Fatal(err)
		}
		if len(comments()) != 2 {
			t.Fatal("a reply is not in the cached comments")
		}
		if _, err := f.store.Like(ctx, tp.DistrictID, f.users[0], "comment", first.ID, true); err != nil {
			t.Fatal(err)
		}
		if c := comments(); c[0].LikeCount != 1 {
			t.Fatalf("comment likes %d after a like", c[0].LikeCount)
		}
		if err := f.store.Delete(ctx, "comment", first.ID, f.users[1]); err != nil {
			t.Fatal(err)
		}
		if c := comments(); len(c) != 1 || c[0].ID == first.ID {
			t.Fatalf("a deleted comment is still shown: %d comments", len(c))
		}
		// Reading counts the reader on the topic in hand, without reading it again.
		if err := f.store.MarkRead(ctx, tp, f.users[1]); err != nil || tp.ReadCount != 1 {
			t.Fatalf("read count %d after a first read (%v)", tp.ReadCount, err)
		}
		if err := f.store.MarkRead(ctx, tp, f.users[1]); err != nil || tp.ReadCount != 1 {
			t.Fatalf("read count %d after a re-read (%v)", tp.ReadCount, err)
		}
	})
}
