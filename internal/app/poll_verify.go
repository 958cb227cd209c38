package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/polls"
)

// pollArgs reads `verify ID` ahead of the flags of `linli poll`.
func pollArgs(args []string) (int64, []string, error) {
	if len(args) < 2 || args[0] != "verify" {
		return 0, nil, errors.New("usage: linli poll verify ID [flags]")
	}
	id, err := strconv.ParseInt(args[1], 10, 64)
	if err != nil || id <= 0 {
		return 0, nil, fmt.Errorf("linli poll verify: %q is not a poll id", args[1])
	}
	return id, args[2:], nil
}

// pollVerify is `linli poll verify ID`: it recomputes a closed poll's tally
// from the stored ballots, compares it with the counters the result was read
// from, and recomputes the SHA-256 over the canonical ballot list against
// the published hash. Any difference is an error (exit status 1).
func pollVerify(ctx context.Context, cfg *Config, id int64, stdout io.Writer) error {
	d, _, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	v, err := polls.NewStore(d).Verify(ctx, id)
	if err != nil {
		return errors.New(describe(err))
	}
	p, t := v.Poll, v.Tally
	fmt.Fprintf(stdout, "poll %d %q (%s): %d ballots (online %d, paper %d, door %d), area %s m2\n",
		p.ID, p.Title, p.Kind, t.Ballots, t.Online, t.Paper, t.Door, org.FormatArea(t.Area))
	for i := range t.Votes {
		fmt.Fprintf(stdout, "  option %d: %d votes, %s m2\n", i, t.Votes[i], org.FormatArea(t.Areas[i]))
	}
	fmt.Fprintf(stdout, "hash      %s\npublished %s\n", v.Hash, p.ResultHash)
	if v.CountersOK != "" {
		return fmt.Errorf("poll %d: counters differ from the ballots: %s", id, v.CountersOK)
	}
	if !v.HashOK {
		return fmt.Errorf("poll %d: the ballot list does not match the published hash", id)
	}
	fmt.Fprintln(stdout, "OK: the tally and the hash match the stored ballots")
	return nil
}
