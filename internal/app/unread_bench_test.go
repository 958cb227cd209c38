package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

// BenchmarkUnreadCounts is the navigation's cost on every page: one query,
// for a resident and for staff whose committee threads are found by place.
//
//	go test -run xxx -bench UnreadCounts ./internal/app
func BenchmarkUnreadCounts(b *testing.B) {
	e := testenv.SQLite(b)
	ctx := context.Background()
	res := e.Client(b)
	res.Login(testenv.ResidentA)
	for i := range 20 {
		res.Do("POST", "/api/v1/messages", map[string]any{"body": fmt.Sprintf("第%d封信", i)})
	}
	for _, who := range []struct{ name, phone string }{{"resident", testenv.ResidentA}, {"secretary", testenv.SecretaryA}, {"district_admin", testenv.DistrictAdmin}} {
		id, err := e.Svc.Accounts.UserIDByPhone(ctx, who.phone)
		if err != nil {
			b.Fatal(err)
		}
		u, _ := e.Svc.Accounts.User(ctx, id)
		p, err := e.Svc.Load(ctx, u)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(who.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := e.Svc.UnreadCounts(ctx, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
