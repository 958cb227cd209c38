package app

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/linli-dev/linli/internal/demo"
)

// runDemo serves on a SQLite file that holds the sample district, creating it
// on the first run and reusing it afterwards.
func runDemo(ctx context.Context, cfg *Config, stdout io.Writer) error {
	start := time.Now()
	d, keys, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	s, err := Start(ctx, cfg, d, keys)
	if err != nil {
		d.Close()
		return err
	}
	seeded, err := demo.Seeded(ctx, d)
	if err != nil {
		s.Close()
		return err
	}
	logins := demoLogins
	if !seeded {
		if logins, err = demo.Seed(ctx, s.Svc); err != nil {
			s.Close()
			return fmt.Errorf("seed demo district: %w", err)
		}
		demoLogins = logins
	}
	fmt.Fprintf(stdout, "linli demo ready in %s: open %s\n", time.Since(start).Round(time.Millisecond), s.URL)
	fmt.Fprintf(stdout, "database %s (delete it to start over)\n\n", cfg.DB)
	printLogins(stdout, logins)
	return s.wait(ctx)
}

// demoLogins are the accounts a reused demo database holds: the seed is
// deterministic, so they are the same numbers every time.
var demoLogins = []demo.Login{
	{Role: "district admin 区管理员", Phone: "13900000001"},
	{Role: "street admin 街道管理员", Phone: "13900000002"},
	{Role: "secretary 书记", Phone: "13900000003"},
	{Role: "cadre 居委干部", Phone: "13900000004"},
	{Role: "property staff 物业", Phone: "13900000006"},
	{Role: "resident (owner) 居民", Phone: "13900000011"},
}

func printLogins(w io.Writer, logins []demo.Login) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tPHONE\tPASSWORD\tWHO")
	for _, l := range logins {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", l.Role, l.Phone, demo.Password, l.Who)
	}
	tw.Flush()
}
