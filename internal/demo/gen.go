package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/service"
	"github.com/linli-dev/linli/internal/textsearch"
)

// Volume is how much board traffic Generate writes.
type Volume struct {
	Topics   int // spread over the district's neighborhoods
	Comments int // every 50th topic gets 100 comments; the rest share what is left
	Likes    int // likes and readers together, half each
	Cases    int // in the first neighborhood, for the workbench figure
}

// DefaultVolume is the figure issue's district: 50,000 topics, 500,000
// comments, 2,000,000 likes and readers; 100,000 cases in one neighborhood.
var DefaultVolume = Volume{Topics: 50_000, Comments: 500_000, Likes: 2_000_000, Cases: 100_000}

var genTitles = []string{"晚上停车太难了", "垃圾分类投放时间能不能调整", "楼道灯坏了", "电梯又停了", "小区绿化带需要修剪",
	"广场舞噪音太大", "快递柜不够用", "流浪猫越来越多", "健身器材坏了", "雨天地下车库积水", "老人活动室开放时间", "充电桩安装申请"}

var genBodies = []string{"每天晚上回来都找不到车位，能不能请物业重新划线？", "早上七点到九点太早了，上班族来不及。",
	"三号楼二单元的灯已经坏了一个星期，老人晚上上下楼很不安全。", "希望居委会和物业一起商量个办法。",
	"附近的孩子很多，希望尽快解决。", "我愿意参加志愿者，一起把这件事办好。"}

// Generate fills the sample district's boards with a realistic volume of
// topics, comments, likes and readers, in batches, printing progress. Counters
// are written with the rows, so pages read them as they would in production.
func Generate(ctx context.Context, svc *service.Service, v Volume, progress io.Writer) error {
	hoods, err := svc.Neighborhoods(ctx)
	if err != nil || len(hoods) == 0 {
		return fmt.Errorf("demo: generate needs the sample district (run linli demo first): %v", err)
	}
	type hoodData struct {
		id, district, section int64
		residents             []int64
	}
	var hs []hoodData
	for _, h := range hoods {
		secs, err := svc.EnsureSectionsFor(ctx, h)
		if err != nil {
			return err
		}
		var people []int64
		rows, err := svc.DB.QueryContext(ctx, `SELECT user_id FROM residences WHERE neighborhood_id = ? ORDER BY user_id`, h.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			_ = rows.Scan(&id)
			people = append(people, id)
		}
		rows.Close()
		if len(people) == 0 {
			continue
		}
		hs = append(hs, hoodData{h.ID, h.DistrictID, secs[0].ID, people})
	}
	if len(hs) == 0 {
		return fmt.Errorf("demo: no neighborhood has residents")
	}
	r := rand.New(rand.NewPCG(50, 500))
	start := time.Now().Add(-90 * 24 * time.Hour)
	perTopic := v.Likes / 2 / max(v.Topics, 1)
	big := v.Topics / 50 // topics with 100 comments, for the topic-page figure
	rest := max(v.Comments-100*big, 0) / max(v.Topics-big, 1)
	written := 0
	const batch = 2000
	for first := 0; first < v.Topics; first += batch {
		err := svc.DB.Tx(ctx, func(tx *db.Tx) error {
			for i := first; i < min(first+batch, v.Topics); i++ {
				h := hs[i%len(hs)]
				comments := rest
				if i%50 == 0 {
					comments = 100
				}
				likes := min(perTopic, len(h.residents))
				created := start.Add(time.Duration(i) * 90 * 24 * time.Hour / time.Duration(v.Topics))
				title := genTitles[r.IntN(len(genTitles))]
				body := genBodies[r.IntN(len(genBodies))] + genBodies[r.IntN(len(genBodies))]
				author := h.residents[r.IntN(len(h.residents))]
				var id int64
				err := tx.QueryRowContext(ctx, `INSERT INTO topics (district_id, neighborhood_id, section_id, author_id, title, body, category,
					comment_count, like_count, read_count, hot_score, last_activity_at, created_at, search_text)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, h.district, h.id, h.section, author, title, body,
					board.Categories[r.IntN(len(board.Categories))], comments, likes, likes,
					board.HotScore(likes, comments, likes, created), created.Add(time.Hour).UnixMilli(), created.UnixMilli(),
					textsearch.IndexText(title+"\n"+body)).Scan(&id)
				if err != nil {
					return err
				}
				for c := 0; c < comments; c++ {
					if _, err := tx.ExecContext(ctx, `INSERT INTO comments (district_id, neighborhood_id, topic_id, author_id, body, created_at)
						VALUES (?, ?, ?, ?, ?, ?)`, h.district, h.id, id, h.residents[(c+i)%len(h.residents)],
						genBodies[(c+i)%len(genBodies)], created.Add(time.Duration(c+1)*time.Minute).UnixMilli()); err != nil {
						return err
					}
				}
				for l := 0; l < likes; l++ {
					u := h.residents[(l+i)%len(h.residents)]
					if _, err := tx.ExecContext(ctx, `INSERT INTO likes (user_id, target_type, target_id, district_id, created_at) VALUES (?, 'topic', ?, ?, ?)`,
						u, id, h.district, created.UnixMilli()); err != nil {
						return err
					}
					if _, err := tx.ExecContext(ctx, `INSERT INTO topic_reads (topic_id, user_id, district_id, created_at) VALUES (?, ?, ?, ?)`,
						id, u, h.district, created.UnixMilli()); err != nil {
						return err
					}
				}
				written++
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("demo: generate: %w", err)
		}
		if progress != nil {
			fmt.Fprintf(progress, "\rtopics %d/%d (%d%%)", written, v.Topics, written*100/max(v.Topics, 1))
		}
	}
	for _, h := range hs {
		if _, err := svc.DB.ExecContext(ctx, `UPDATE sections SET topic_count = (SELECT COUNT(*) FROM topics t WHERE t.section_id = sections.id AND t.status = 'visible') WHERE neighborhood_id = ?`, h.id); err != nil {
			return err
		}
	}
	if progress != nil {
		fmt.Fprintln(progress)
	}
	return nil
}
