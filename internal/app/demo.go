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
	s, err := openAndStart(ctx, cfg)
	if err != nil {
		return err
	}
	seeded, err := demo.Seeded(ctx, s.DB)
	if err != nil {
		s.Close()
		return err
	}
	logins := demo.Logins
	if !seeded {
		if logins, err = demo.Seed(ctx, s.Svc); err != nil {
			s.Close()
			return fmt.Errorf("seed demo district: %w", err)
		}
	}
	fmt.Fprintf(stdout, "linli demo ready in %s: open %s\n", time.Since(start).Round(time.Millisecond), s.URL)
	fmt.Fprintf(stdout, "database %s (delete it to start over)\n\n", cfg.DB)
	printLogins(stdout, logins)
	return s.wait(ctx)
}

func printLogins(w io.Writer, logins []demo.Login) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tPHONE\tPASSWORD\tWHO")
	for _, l := range logins {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", l.Role, l.Phone, demo.Password, l.Who)
	}
	tw.Flush()
}
