package projects_test

import (
	"testing"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/projects"
)

func TestFundingSharesMustMakeAWhole(t *testing.T) {
	gov := func(bp int) projects.Share { return projects.Share{Source: projects.Government, BP: bp} }
	fund := func(bp int) projects.Share { return projects.Share{Source: projects.MaintenanceFund, BP: bp} }
	cases := []struct {
		name   string
		shares []projects.Share
		ok     bool
	}{
		{"no money at all", nil, true},
		{"all from the government", []projects.Share{gov(10000)}, true},
		{"ninety and ten", []projects.Share{gov(9000), fund(1000)}, true},
		{"thirds to the basis point", []projects.Share{gov(3333), fund(3333), {Source: projects.Donation, BP: 3334}}, true},
		{"short of a whole", []projects.Share{gov(9000), fund(900)}, false},
		{"more than a whole", []projects.Share{gov(9000), fund(1001)}, false},
		{"a zero share", []projects.Share{gov(10000), fund(0)}, false},
		{"a negative share", []projects.Share{gov(11000), fund(-1000)}, false},
		{"an unknown source", []projects.Share{{Source: "lottery", BP: 10000}}, false},
		{"too many sources", []projects.Share{gov(1250), gov(1250), gov(1250), gov(1250), gov(1250), gov(1250), gov(1250), gov(1250), gov(0)}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := projects.CheckFunding(c.shares)
			if (err == nil) != c.ok {
				t.Fatalf("CheckFunding = %v, want ok=%v", err, c.ok)
			}
			if err != nil && (!errs.Is(err, errs.Invalid) || errs.As(err).Field != "funding") {
				t.Fatalf("error %v is not about the funding field", err)
			}
		})
	}
	shares := []projects.Share{{Source: projects.Government, BP: 9000, ApprovalPollID: 3}, fund(1000)}
	if err := projects.CheckFunding(shares); err != nil {
		t.Fatal(err)
	}
	if shares[0].NeedsApproval || shares[0].ApprovalPollID != 0 || !shares[1].NeedsApproval || shares[1].Position != 1 {
		t.Fatalf("derived fields: %+v", shares)
	}
}

func TestMoneyIsReadAndWrittenInWholeFen(t *testing.T) {
	yuan := []struct {
		in  string
		fen int64
		ok  bool
	}{
		{"12000", 1_200_000, true}, {"12,000.5", 1_200_050, true}, {"¥800.05", 80_005, true}, {"", 0, true},
		{"0.1", 10, true}, {"1.234", 0, false}, {"-5", 0, false}, {"1e5", 0, false}, {"十万", 0, false}, {".5", 0, false},
		{"99999999999", 0, false},
	}
	for _, c := range yuan {
		if fen, ok := projects.ParseYuan(c.in); ok != c.ok || (ok && fen != c.fen) {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d, %v", c.in, fen, ok, c.fen, c.ok)
		}
	}
	pct := []struct {
		in string
		bp int
		ok bool
	}{{"90", 9000, true}, {"12.5", 1250, true}, {"33.33%", 3333, true}, {"0.01", 1, true}, {"1.005", 0, false}, {"abc", 0, false}, {"", 0, false}}
	for _, c := range pct {
		if bp, ok := projects.ParsePercent(c.in); ok != c.ok || (ok && bp != c.bp) {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d, %v", c.in, bp, ok, c.bp, c.ok)
		}
	}
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 1_200_000: "12,000.00", 123_456_789: "1,234,567.89"} {
		if got := projects.FormatYuan(fen); got != want {
			t.Errorf("FormatYuan(%d) = %q, want %q", fen, got, want)
		}
	}
	for bp, want := range map[int]string{9000: "90", 1250: "12.5", 3333: "33.33", 1: "0.01", 10000: "100"} {
		if got := projects.FormatBP(bp); got != want {
			t.Errorf("FormatBP(%d) = %q, want %q", bp, got, want)
		}
	}
}

func TestEveryStateIsReachableAndEveryMoveHasARow(t *testing.T) {
	reached := map[projects.State]bool{projects.Proposed: true}
	for _, a := range projects.Actions {
		from, to, who, ok := projects.Rule(a)
		if !ok || len(from) == 0 || len(who) == 0 {
			t.Fatalf("action %s has no complete row", a)
		}
		reached[to] = true
	}
	for _, s := range projects.States {
		if !reached[s] {
			t.Errorf("no move reaches %s", s)
		}
	}
	if got := projects.Available(projects.Done, projects.Committee); len(got) != 1 || got[0] != projects.Evaluate {
		t.Errorf("moves from done: %v", got)
	}
	if got := projects.Available(projects.Listed, projects.Poll); len(got) != 1 || got[0] != projects.Select {
		t.Errorf("a poll's moves from listed: %v", got)
	}
	for _, s := range []projects.State{projects.Evaluated, projects.Dropped} {
		if got := projects.Available(s, projects.Committee); len(got) != 0 {
			t.Errorf("moves from the end state %s: %v", s, got)
		}
	}
}
