// Package app is the only package that imports everything: it parses the
// configuration, opens the database, wires the capabilities to the two
// surfaces, and runs the commands. Tests start it on port 0 with a temporary
// database.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/demo"
	"github.com/linli-dev/linli/internal/metrics"
	"github.com/linli-dev/linli/internal/photo"
	"github.com/linli-dev/linli/internal/pii"
	"github.com/linli-dev/linli/internal/service"
)

// Version is set at build time with -ldflags "-X github.com/linli-dev/linli/internal/app.Version=...".
var Version = "dev"

// Run is the whole program: main only sets up signals and calls it.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "help"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "help", "-h", "--help", "-help":
		usage(stdout)
		return nil
	case "version", "--version":
		fmt.Fprintln(stdout, "linli", Version)
		return nil
	case "serve", "demo":
		tuneGC(getenv)
	case "migrate", "jobs", "gen", "open311-key", "poll":
	default:
		usage(stderr)
		return fmt.Errorf("unknown command %q", cmd)
	}
	if cmd == "jobs" {
		if len(args) == 0 || args[0] != "run" {
			return fmt.Errorf("usage: linli jobs run [flags]")
		}
		args = args[1:]
	}
	var pollID int64
	if cmd == "poll" {
		var err error
		if pollID, args, err = pollArgs(args); err != nil {
			return err
		}
	}
	genVolume := demo.DefaultVolume
	if cmd == "gen" {
		// linli gen [topics [comments [likes [cases]]]]: counts come before flags.
		counts := []*int{&genVolume.Topics, &genVolume.Comments, &genVolume.Likes, &genVolume.Cases}
		for len(args) > 0 && len(counts) > 0 {
			n, err := strconv.Atoi(args[0])
			if err != nil {
				break
			}
			*counts[0], counts, args = n, counts[1:], args[1:]
		}
	}
	var keyCmd open311KeyCmd
	cfg, err := parseConfig(cmd, args, getenv, stderr, func(fs *flag.FlagSet) {
		if cmd == "open311-key" {
			keyCmd.flags(fs)
		}
	})
	if err != nil {
		return err
	}
	setupLogging(cfg, stderr)
	switch cmd {
	case "open311-key":
		return keyCmd.run(ctx, cfg, stdout)
	case "poll":
		return pollVerify(ctx, cfg, pollID, stdout)
	case "migrate":
		return migrate(ctx, cfg, stdout)
	case "jobs":
		return jobsOnce(ctx, cfg, stdout)
	case "gen":
		return generate(ctx, cfg, genVolume, stdout)
	case "demo":
		return runDemo(ctx, cfg, stdout)
	}
	return serve(ctx, cfg, stdout)
}

func setupLogging(cfg *Config, w io.Writer) {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	slog.SetDefault(slog.New(h))
}

// open connects to the database, migrates it and loads the personal-data key.
func open(ctx context.Context, cfg *Config) (*db.DB, *pii.Keys, error) {
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return nil, nil, err
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, nil, err
	}
	keys, err := loadKeys(cfg)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	return d, keys, nil
}

func loadKeys(cfg *Config) (*pii.Keys, error) {
	var master []byte
	var err error
	if cfg.PIIKey != "" {
		master, err = pii.ParseMasterKey(cfg.PIIKey)
	} else {
		var created bool
		if err := os.MkdirAll(filepath.Dir(cfg.keyFile()), 0o700); err != nil {
			return nil, fmt.Errorf("personal-data key: %w", err)
		}
		master, created, err = pii.LoadOrCreateKeyFile(cfg.keyFile())
		if created {
			slog.Warn("created a new personal-data key; back it up with the database", "file", cfg.keyFile())
		}
	}
	if err != nil {
		return nil, fmt.Errorf("personal-data key: %w", err)
	}
	return pii.NewKeys(master)
}

// generate fills the sample district's boards with volume, seeding the
// district first when the database is empty.
func generate(ctx context.Context, cfg *Config, v demo.Volume, stdout io.Writer) error {
	d, keys, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	svc := service.New(d, keys)
	if seeded, err := demo.Seeded(ctx, d); err != nil {
		return err
	} else if !seeded {
		if _, err := demo.Seed(ctx, svc); err != nil {
			return err
		}
	}
	start := time.Now()
	if err := demo.Generate(ctx, svc, v, stdout); err != nil {
		return err
	}
	if err := demo.GenerateCases(ctx, svc, v.Cases, stdout); err != nil {
		return err
	}
	// Fresh statistics, or the planner guesses from an empty district until
	// autovacuum gets round to it (search took a second per query on
	// PostgreSQL right after a generation).
	if _, err := d.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("gen: analyze: %w", err)
	}
	fmt.Fprintf(stdout, "generated %d topics, about %d comments, %d likes and readers, %d cases in %s\n", v.Topics, v.Comments, v.Likes,
		v.Cases, time.Since(start).Round(time.Second))
	return nil
}

// jobsOnce runs every background job once, for cron and for operators.
func jobsOnce(ctx context.Context, cfg *Config, stdout io.Writer) error {
	d, keys, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	return runJobs(ctx, service.New(d, keys), nil, stdout)
}

func migrate(ctx context.Context, cfg *Config, stdout io.Writer) error {
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	n, err := d.Migrate(ctx)
	if err != nil {
		return err
	}
	v, _ := d.Version(ctx)
	fmt.Fprintf(stdout, "applied %d migration(s); schema version %d\n", n, v)
	return nil
}

// Server is a running linli: tests start one on port 0.
type Server struct {
	Svc      *service.Service
	DB       *db.DB
	URL      string
	http     *http.Server
	ln       net.Listener
	done     chan error
	stopJobs context.CancelFunc
}

// Start wires everything on d and listens on addr ("127.0.0.1:0" in tests).
func Start(ctx context.Context, cfg *Config, d *db.DB, keys *pii.Keys) (*Server, error) {
	svc := service.New(d, keys)
	svc.Accounts.SessionIdle, svc.Accounts.SessionMax = cfg.SessionIdle, cfg.SessionMax
	screen, _, err := loadScreen(cfg.Words)
	if err != nil {
		return nil, err
	}
	svc.Screen = screen
	if cfg.PhotoDir != "" {
		svc.Photos = &photo.DiskStore{Dir: cfg.PhotoDir}
	}
	reg := metrics.NewRegistry()
	jm := newJobMetrics(reg)
	h, err := newHandler(cfg, svc, reg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	s := &Server{Svc: svc, DB: d, ln: ln, done: make(chan error, 1),
		http: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second,
			ErrorLog: slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn)}}
	s.URL = "http://" + ln.Addr().String()
	jobCtx, stopJobs := context.WithCancel(context.Background())
	s.stopJobs = stopJobs
	go runJobsEvery(jobCtx, 10*time.Minute, svc, jm)
	go func() { s.done <- s.http.Serve(ln) }()
	return s, nil
}

// Close stops accepting requests, lets running ones and imports finish, and
// closes the database.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	s.stopJobs()
	s.Svc.Imports.Wait()
	return errors.Join(err, s.DB.Close())
}

// openAndStart opens and migrates the configured database and starts serving it.
func openAndStart(ctx context.Context, cfg *Config) (*Server, error) {
	d, keys, err := open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s, err := Start(ctx, cfg, d, keys)
	if err != nil {
		d.Close()
		return nil, err
	}
	return s, nil
}

func serve(ctx context.Context, cfg *Config, stdout io.Writer) error {
	start := time.Now()
	s, err := openAndStart(ctx, cfg)
	if err != nil {
		return err
	}
	d := s.DB
	fmt.Fprintf(stdout, "linli %s serving %s on %s (ready in %s)\n", Version, dialectName(d), s.URL, time.Since(start).Round(time.Millisecond))
	return s.wait(ctx)
}

func (s *Server) wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		slog.Info("shutting down")
		return s.Close()
	case err := <-s.done:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

func dialectName(d *db.DB) string {
	return strings.ToUpper(string(d.Dialect())[:1]) + string(d.Dialect())[1:]
}
