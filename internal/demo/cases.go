package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/service"
)

// demoCase is one sample case and the moves that bring it to its state.
type demoCase struct {
	category, title, description string
	steps                        []cases.Action
}

// demoCases show every state of the loop in each neighborhood.
var demoCases = []demoCase{
	{"facilities", "楼道灯坏了", "2单元三楼楼道灯坏了一个星期，老人晚上上下楼看不见。", nil},
	{"environment", "东门垃圾桶满了", "东门的垃圾桶两天没清运，味道很大。", []cases.Action{cases.Acknowledge}},
	{"facilities", "地下车库积水", "下雨后地下车库B区积水，车开不进去。", []cases.Action{cases.Acknowledge, cases.Assign}},
	{"parking", "电动车在楼道充电", "有人把电动车推进楼道充电，很危险。", []cases.Action{cases.Acknowledge, cases.Assign, cases.Start}},
	{"facilities", "健身器材坏了", "小花园的漫步机松动了，孩子玩很危险。", []cases.Action{cases.Acknowledge, cases.Assign, cases.Start, cases.Resolve}},
	{"pets", "流浪猫越来越多", "北门附近流浪猫越来越多，晚上叫得厉害。", []cases.Action{cases.Acknowledge, cases.Assign, cases.Start, cases.Resolve, cases.Confirm}},
	{"noise", "隔壁工地夜间施工", "隔壁工地晚上十一点还在施工。", []cases.Action{cases.Return}},
	{"greenery", "绿化带该修剪了", "5号楼前的树枝挡住了二楼的窗户。", []cases.Action{cases.Acknowledge, cases.Assign, cases.Resolve, cases.Reopen}},
	{"safety", "小区门口道路破损", "小区门口的市政道路塌了一块，需要街道协调。", []cases.Action{cases.Acknowledge, cases.Escalate}},
}

// demoNotes are what each move says on the timeline.
var demoNotes = map[cases.Action]string{
	cases.Acknowledge: "收到，我们尽快处理。",
	cases.Assign:      "已派给物业，请尽快处理。",
	cases.Resolve:     "已处理完毕，请您看看。",
	cases.Return:      "这是隔壁小区的工地，已转告对方居委会。",
	cases.Reopen:      "只剪了一半，还挡着窗户。",
	cases.Escalate:    "市政道路不归小区管，请街道协调。",
}

// seedCases gives each sample neighborhood the sample cases, opened and moved
// over the last two weeks, and a routing rule (parking → the property company).
func seedCases(ctx context.Context, svc *service.Service, hoods []*org.Place) error {
	clock := time.Now().Add(-14 * 24 * time.Hour)
	st := *svc.Cases
	st.Now = func() time.Time { return clock }
	for _, h := range hoods {
		people, err := residentsOf(ctx, svc, h.ID, 9)
		if err != nil || len(people) == 0 {
			return fmt.Errorf("demo: residents of %s: %v", h.Name, err)
		}
		cadres, err := svc.Access.HoldersAt(ctx, h.ID, access.Cadre)
		if err != nil || len(cadres) == 0 {
			return fmt.Errorf("demo: cadres of %s: %v", h.Name, err)
		}
		units, err := svc.Org.UnitsServing(ctx, h.ID)
		if err != nil || len(units) < 2 {
			return fmt.Errorf("demo: units of %s: %v", h.Name, err)
		}
		property, owners := units[0], units[1]
		staff, err := svc.Access.StaffOfUnits(ctx, []int64{property.ID})
		if err != nil || len(staff) == 0 {
			return fmt.Errorf("demo: property staff of %s: %v", h.Name, err)
		}
		all, err := svc.Org.Subtree(ctx, h)
		if err != nil {
			return err
		}
		var buildings []*org.Place
		for _, p := range all {
			if p.Kind == org.Building {
				buildings = append(buildings, p)
			}
		}
		if err := st.SetRoute(ctx, h.DistrictID, cases.Route{NeighborhoodID: h.ID, Category: "parking", UnitID: property.ID}, cadres[0]); err != nil {
			return err
		}
		committee := cases.Actor{UserID: cadres[0], Roles: []cases.Role{cases.RoleCommittee}}
		handler := cases.Actor{UserID: staff[0], Roles: []cases.Role{cases.RoleHandler}, UnitID: property.ID}
		for i, dc := range demoCases {
			clock = clock.Add(37 * time.Minute)
			reporter := people[i%3] // the demo resident login reports the first few
			c, err := st.Open(ctx, cases.NewCase{NeighborhoodID: h.ID, PlaceID: buildings[i%len(buildings)].ID, Category: dc.category,
				Title: dc.title, Description: dc.description, ReporterID: reporter})
			if err != nil {
				return err
			}
			for _, a := range dc.steps {
				clock = clock.Add(2*time.Hour + time.Duration(i)*11*time.Minute)
				by, in := committee, cases.MoveInput{Note: demoNotes[a]}
				switch a {
				case cases.Start, cases.Resolve:
					by = handler
				case cases.Confirm, cases.Reopen:
					by = cases.Actor{UserID: reporter}
				case cases.Assign:
					in.LeadUnitID = property.ID
					if dc.category == "parking" {
						in.CoUnitIDs = []int64{owners.ID}
					}
				}
				if a == cases.Confirm {
					in.Rating, in.Comment = 5, "处理得很及时，谢谢！"
				}
				if _, err := st.Move(ctx, c.ID, by, a, in); err != nil {
					return fmt.Errorf("demo: %s %q: %w", a, dc.title, err)
				}
			}
		}
	}
	return nil
}

// residentsOf lists up to n residents of a neighborhood, in the order they registered.
func residentsOf(ctx context.Context, svc *service.Service, hoodID int64, n int) ([]int64, error) {
	rows, err := svc.DB.QueryContext(ctx, `SELECT DISTINCT user_id FROM residences WHERE neighborhood_id = ? ORDER BY user_id LIMIT ?`, hoodID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
