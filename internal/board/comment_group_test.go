package board_test

import (
	"context"
	"sync"
	"testing"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
)

// Comments share commits too: a reply to a comment that does not exist is
// refused without costing the comments committed with it.
func TestCommentsSharingACommitCountExactly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 8)
		tp := f.post(t, f.users[0], "垃圾分类", "新的投放时间大家知道吗")
		release := holdWriter(t, d)
		var wg sync.WaitGroup
		for i, u := range f.users {
			wg.Go(func() {
				if _, err := f.store.AddComment(ctx, tp, 0, u, "知道了", board.Visible, ""); err != nil {
					t.Error(err)
				}
			})
			waitUnitsQueued(d, 2*i+1)
			wg.Go(func() {
				if _, err := f.store.AddComment(ctx, tp, 987654, u, "回复", board.Visible, ""); !errs.Is(err, errs.Invalid) {
					t.Errorf("reply to a missing comment: %v", err)
				}
			})
			waitUnitsQueued(d, 2*i+2)
		}
		release()
		wg.Wait()
		var rows int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM comments WHERE topic_id = ?`, tp.ID).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		got, _ := f.store.Topic(ctx, tp.ID)
		if rows != len(f.users) || got.CommentCount != rows {
			t.Fatalf("rows %d, counter %d, want %d", rows, got.CommentCount, len(f.users))
		}
	})
}
