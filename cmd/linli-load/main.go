// Command linli-load drives HTTP load at a linli server on this machine and
// prints throughput and latency percentiles; see -h. It refuses any target
// that is not on a loopback address.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/linli-dev/linli/internal/load"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills at once
	}()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "linli-load:", err)
		}
		os.Exit(2)
	}
}

// errUsage means the flags were wrong and usage has been printed already.
var errUsage = errors.New("usage")

const usage = `Usage: linli-load [flags] -url [name=][METHOD ]URL [-url ...]

Sends HTTP load to a linli server on this machine and reports requests per
second and latency percentiles. Only loopback targets (127.0.0.0/8, ::1) are
allowed. Ctrl-C stops early and still prints the report.

Examples:
  linli-load -c 64 -d 10s -url home=http://127.0.0.1:8080/
  linli-load -c 32 -d 30s -H 'Cookie: linli_session=...' \
      -url 'feed=GET http://127.0.0.1:8080/feed' \
      -url 'post=POST http://127.0.0.1:8080/posts' -body @post.form
  linli-load -rate 2000 -d 20s -json -url http://127.0.0.1:8080/ > run.json

Flags:
`

// run is the whole command, separate from main so tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("linli-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	var (
		urls    stringList
		headers stringList
	)
	fs.Var(&urls, "url", "`target` as [name=][METHOD ]URL, repeatable; bare arguments are targets too")
	fs.Var(&headers, "H", "request `header` \"Name: value\", repeatable, sent to every target")
	concurrency := fs.Int("c", 64, "requests in flight at once")
	duration := fs.Duration("d", 10*time.Second, "how long to measure, after warmup")
	requests := fs.Int("n", 0, "stop after this many measured requests; without -d, run until they are done")
	warmup := fs.Duration("warmup", time.Second, "unrecorded requests first, to open connections and warm caches")
	rate := fs.Float64("rate", 0, "fixed arrival rate in requests/s (open loop); 0 sends as fast as responses return")
	body := fs.String("body", "", "request `body` for every target, or @file; targets without a method then use POST,\nand Content-Type defaults to application/x-www-form-urlencoded")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	quiet := fs.Bool("q", false, "no progress lines")
	seq := fs.Int("seq", -1, "replace {i} in -body with this number plus the request's count in the run (unique per request,\nwarmup included), e.g. a different voter for each ballot; -1 leaves the body as it is")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	urls = append(urls, fs.Args()...)
	if *requests > 0 && !isSet(fs, "d") {
		*duration = 0 // -n alone means exactly that many requests
	}
	if len(urls) == 0 {
		fmt.Fprintln(stderr, "linli-load: give at least one -url")
		fs.Usage()
		return errUsage
	}

	header := http.Header{}
	for _, h := range headers {
		name, value, err := parseHeader(h)
		if err != nil {
			return err
		}
		header.Add(name, value)
	}
	var payload []byte
	if *body != "" {
		var err error
		if payload, err = readBody(*body); err != nil {
			return err
		}
		if header.Get("Content-Type") == "" {
			header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	cfg := load.Config{
		Concurrency: *concurrency,
		Duration:    *duration,
		Requests:    *requests,
		Warmup:      *warmup,
		Rate:        *rate,
	}
	for _, u := range urls {
		t, err := parseTarget(u)
		if err != nil {
			return err
		}
		if t.Method == "" && payload != nil {
			t.Method = http.MethodPost
		}
		t.Header, t.Body = header, payload
		if *seq >= 0 && payload != nil {
			start, body := *seq, payload
			t.BodyFunc = func(i int) []byte { return bytes.ReplaceAll(body, []byte("{i}"), []byte(strconv.Itoa(start+i))) }
		}
		cfg.Targets = append(cfg.Targets, t)
	}

	var progress io.Writer
	if !*quiet {
		progress = stderr
	}
	rep, err := load.Run(ctx, cfg, progress)
	if err != nil {
		return err
	}
	if *asJSON {
		b, err := rep.JSON()
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", b)
		return err
	}
	_, err = io.WriteString(stdout, rep.String())
	return err
}

// isSet reports whether the flag was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
