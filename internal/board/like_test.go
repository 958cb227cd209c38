package board_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
)

// holdWriter parks a unit inside the group committer until release, so the
// likes sent meanwhile wait and then share the next commit.
func holdWriter(t *testing.T, d *db.DB) (release func()) {
	t.Helper()
	entered, proceed, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- d.GroupTx(context.Background(), func(*db.Tx) error {
			close(entered)
			<-proceed
			return nil
		})
	}()
	<-entered
	return func() {
		close(proceed)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func waitUnitsQueued(d *db.DB, n int) {
	for d.GroupStats().Waiting < n {
		runtime.Gosched()
	}
}

// likeRows counts the like rows of a target.
func likeRows(t *testing.T, d *db.DB, targetType string, id int64) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM likes WHERE target_type = ? AND target_id = ?`, targetType, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) likeCounts(t *testing.T, tp *board.Topic, c *board.Comment) (topic, comment int) {
	t.Helper()
	got, err := f.store.Topic(context.Background(), tp.ID)
	if err != nil {
		t.Fatal(err)
	}
	gc, err := f.store.Comment(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.LikeCount, gc.LikeCount
}

func TestEveryoneLikingAtOnceIsCountedExactly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 40)
		tp := f.post(t, f.users[0], "加装电梯", "三号楼想加装电梯，大家怎么看")
		c, err := f.store.AddComment(ctx, tp, 0, f.users[1], "支持", board.Visible, "")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for _, u := range f.users {
			for _, target := range []struct {
				typ string
				id  int64
			}{{"topic", tp.ID}, {"comment", c.ID}} {
				wg.Go(func() {
					if changed, err := f.store.Like(ctx, tp.DistrictID, u, target.typ, target.id, true); err != nil || !changed {
						t.Errorf("like %s by %d: changed %v, %v", target.typ, u, changed, err)
					}
				})
			}
		}
		wg.Wait()
		topicLikes, commentLikes := f.likeCounts(t, tp, c)
		if rows := likeRows(t, d, "topic", tp.ID); topicLikes != rows || rows != len(f.users) {
			t.Fatalf("topic: counter %d, rows %d, want %d", topicLikes, rows, len(f.users))
		}
		if rows := likeRows(t, d, "comment", c.ID); commentLikes != rows || rows != len(f.users) {
			t.Fatalf("comment: counter %d, rows %d, want %d", commentLikes, rows, len(f.users))
		}
	})
}

func TestOnePersonLikingFromManyTabsCountsOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		tp := f.post(t, f.users[0], "楼道堆物", "五楼楼道堆满了纸箱")
		for _, on := range []bool{true, false} {
			var changes atomic.Int32
			var wg sync.WaitGroup
			for range 30 {
				wg.Go(func() {
					changed, err := f.store.Like(ctx, tp.DistrictID, f.users[0], "topic", tp.ID, on)
					if err != nil {
						t.Error(err)
					}
					if changed {
						changes.Add(1)
					}
				})
			}
			wg.Wait()
			got, _ := f.store.Topic(ctx, tp.ID)
			want := 0
			if on {
				want = 1
			}
			if rows := likeRows(t, d, "topic", tp.ID); rows != want || got.LikeCount != want || changes.Load() != 1 {
				t.Fatalf("on=%v: rows %d, counter %d, calls that changed something %d; want %d, %d, 1",
					on, rows, got.LikeCount, changes.Load(), want, want)
			}
		}
	})
}

func TestALikeOfAMissingTargetSparesTheLikesCommittedWithIt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 6)
		tp := f.post(t, f.users[0], "快递柜", "快递柜满了")
		release := holdWriter(t, d)
		var wg sync.WaitGroup
		for i, u := range f.users {
			wg.Go(func() {
				if _, err := f.store.Like(ctx, tp.DistrictID, u, "topic", tp.ID, true); err != nil {
					t.Error(err)
				}
			})
			waitUnitsQueued(d, 3*i+1)
			wg.Go(func() {
				if _, err := f.store.Like(ctx, tp.DistrictID, u, "topic", 987654, true); !errs.Is(err, errs.NotFound) {
					t.Errorf("like of a missing topic: %v", err)
				}
			})
			waitUnitsQueued(d, 3*i+2)
			wg.Go(func() {
				if _, err := f.store.Like(ctx, tp.DistrictID, u, "comment", 987654, true); !errs.Is(err, errs.NotFound) {
					t.Errorf("like of a missing comment: %v", err)
				}
			})
			waitUnitsQueued(d, 3*i+3)
		}
		before := d.GroupStats().Batches
		release()
		wg.Wait()
		if batches := d.GroupStats().Batches - before; batches != 2 {
			t.Fatalf("%d commits, want 2 (the held one, then all the likes together)", batches)
		}
		got, _ := f.store.Topic(ctx, tp.ID)
		if rows := likeRows(t, d, "topic", tp.ID); rows != len(f.users) || got.LikeCount != rows {
			t.Fatalf("rows %d, counter %d, want %d", rows, got.LikeCount, len(f.users))
		}
		if n := likeRows(t, d, "topic", 987654) + likeRows(t, d, "comment", 987654); n != 0 {
			t.Fatalf("%d likes of missing targets were kept", n)
		}
	})
}

func TestALikeGivenUpBeforeItsTurnChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 1)
		tp := f.post(t, f.users[0], "路灯坏了", "南门路灯不亮")
		release := holdWriter(t, d)
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, err := f.store.Like(ctx, tp.DistrictID, f.users[0], "topic", tp.ID, true)
			errc <- err
		}()
		waitUnitsQueued(d, 1)
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled like: %v", err)
		}
		release()
		// One more like through the committer, so the cancelled one had its turn.
		if _, err := f.store.Like(context.Background(), tp.DistrictID, f.users[0], "topic", tp.ID+1000, false); err != nil {
			t.Fatal(err)
		}
		got, _ := f.store.Topic(context.Background(), tp.ID)
		if rows := likeRows(t, d, "topic", tp.ID); rows != 0 || got.LikeCount != 0 {
			t.Fatalf("rows %d, counter %d after a cancelled like", rows, got.LikeCount)
		}
	})
}
