package app_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/app"
	"github.com/linli-dev/linli/internal/polls"
	"github.com/linli-dev/linli/internal/testenv"
)

// TestPollVerifyCommand runs `linli poll verify` on a closed poll: it
// passes, then fails once a stored ballot is changed behind the counters'
// back, and fails on the hash when the counters are changed along with it.
func TestPollVerifyCommand(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/linli.db"
	e := testenv.SQLiteAt(t, path)
	c := pollClock(e)
	homes := mustBuilding(t, e, "10号楼", false, 8000, 8000, 8000, 8000)
	p := mustOpenPoll(t, e, c, polls.NewPoll{Kind: polls.Multiple, Title: "活动室开放时间", Electorate: polls.Households,
		Options: []polls.NewOption{{Label: "上午"}, {Label: "下午"}, {Label: "晚上"}}, MaxChoices: 2})
	for i, h := range homes {
		if _, err := e.Svc.Vote(ctx, person(t, e, h.Users[0]), p.ID, []int{i % 3}); err != nil {
			t.Fatal(err)
		}
	}
	mustClose(t, e, c, p)
	env := map[string]string{"LINLI_DB": path}
	verify := func() (string, error) {
		var out, errOut bytes.Buffer
		err := app.Run(ctx, []string{"poll", "verify", fmt.Sprint(p.ID)}, func(k string) string { return env[k] }, &out, &errOut)
		return out.String(), err
	}
	if out, err := verify(); err != nil || !strings.Contains(out, "OK") || !strings.Contains(out, "3 ballots") {
		t.Fatalf("verify a sound poll: %v\n%s", err, out)
	}
	if _, err := e.DB.ExecContext(ctx, `UPDATE poll_ballots SET choices = 4 WHERE poll_id = ? AND choices = 1`, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := verify(); err == nil || !strings.Contains(err.Error(), "counters differ") {
		t.Fatalf("a changed ballot passed: %v", err)
	}
	for _, q := range []string{`UPDATE poll_options SET votes = 0, area = 0 WHERE poll_id = ? AND position = 0`,
		`UPDATE poll_options SET votes = 2, area = 16000 WHERE poll_id = ? AND position = 2`} {
		if _, err := e.DB.ExecContext(ctx, q, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := verify(); err == nil || !strings.Contains(err.Error(), "hash") {
		t.Fatalf("a changed ballot with matching counters passed: %v", err)
	}
}
