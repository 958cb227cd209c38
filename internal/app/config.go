package app

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is linli's whole configuration, parsed once from flags and the
// environment and passed down; nothing reads the environment later.
type Config struct {
	DB           string        // SQLite path or postgres:// URL
	Addr         string        // listen address
	DataDir      string        // where the SQLite file, key file and uploads live
	PIIKey       string        // master key for personal data (base64 or hex)
	PIIKeyFile   string        // or a file holding it
	SecureCookie bool          // mark cookies Secure (behind a TLS proxy)
	TrustProxy   bool          // believe X-Forwarded-For
	LogLevel     string        // debug, info, warn, error
	LogFormat    string        // text or json
	SessionIdle  time.Duration // log out after this long unused
	SessionMax   time.Duration // log out this long after login, whatever
	Words        string        // sensitive-word list file, one word a line
	PhotoDir     string        // where photos are stored (default <data>/photos)
	// Open311 maps Open311 jurisdiction_id values to districts (place ids);
	// empty serves every district under its place id.
	Open311 map[string]int64
}

// option is one setting: a flag and the environment variable that sets it too.
type option struct {
	flag, env, help string
	def             string
	set             func(c *Config, v string) error
}

var options = []option{
	{"db", "LINLI_DB", "database: a SQLite file path or a postgres:// URL", "", func(c *Config, v string) error { c.DB = v; return nil }},
	{"addr", "LINLI_ADDR", "address to listen on", "127.0.0.1:8080", func(c *Config, v string) error { c.Addr = v; return nil }},
	{"data", "LINLI_DATA", "data directory (SQLite file, key file)", "linli-data", func(c *Config, v string) error { c.DataDir = v; return nil }},
	{"pii-key", "LINLI_PII_KEY", "master key for personal data, 32 bytes as base64 or hex (default: a key file in the data directory)", "", func(c *Config, v string) error { c.PIIKey = v; return nil }},
	{"pii-key-file", "LINLI_PII_KEY_FILE", "file holding the master key (created with mode 0600 if missing)", "", func(c *Config, v string) error { c.PIIKeyFile = v; return nil }},
	{"secure-cookies", "LINLI_SECURE_COOKIES", "mark cookies Secure (set when served over HTTPS through a proxy)", "false", boolSetter(func(c *Config, b bool) { c.SecureCookie = b })},
	{"trust-proxy", "LINLI_TRUST_PROXY", "take the client address from X-Forwarded-For", "false", boolSetter(func(c *Config, b bool) { c.TrustProxy = b })},
	{"log-level", "LINLI_LOG_LEVEL", "debug, info, warn or error", "info", func(c *Config, v string) error { c.LogLevel = v; return nil }},
	{"log-format", "LINLI_LOG_FORMAT", "text or json", "text", func(c *Config, v string) error { c.LogFormat = v; return nil }},
	{"sensitive-words", "LINLI_SENSITIVE_WORDS", "file of sensitive words, one a line; posts that contain one wait for review (default: a small built-in list)", "", func(c *Config, v string) error { c.Words = v; return nil }},
	{"photos", "LINLI_PHOTOS", "directory for uploaded photos", "", func(c *Config, v string) error { c.PhotoDir = v; return nil }},
	{"open311-jurisdictions", "LINLI_OPEN311_JURISDICTIONS", "Open311 jurisdiction_id values as id=district,... e.g. baoshan.sh.gov.cn=1 (default: each district's place id)", "", parseJurisdictions},
	{"session-idle", "LINLI_SESSION_IDLE", "log a session out after this long unused", "336h", durationSetter(func(c *Config, d time.Duration) { c.SessionIdle = d })},
	{"session-max", "LINLI_SESSION_MAX", "log a session out this long after login", "1440h", durationSetter(func(c *Config, d time.Duration) { c.SessionMax = d })},
}

func boolSetter(f func(*Config, bool)) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("not true or false: %q", v)
		}
		f(c, b)
		return nil
	}
}

func durationSetter(f func(*Config, time.Duration)) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("not a positive duration like 336h: %q", v)
		}
		f(c, d)
		return nil
	}
}

// parseJurisdictions reads "id=districtID,id=districtID".
func parseJurisdictions(c *Config, v string) error {
	c.Open311 = nil
	for _, pair := range strings.Split(v, ",") {
		if pair = strings.TrimSpace(pair); pair == "" {
			continue
		}
		id, district, ok := strings.Cut(pair, "=")
		n, err := strconv.ParseInt(strings.TrimSpace(district), 10, 64)
		if !ok || err != nil || n <= 0 || strings.TrimSpace(id) == "" {
			return fmt.Errorf("want id=district,... like baoshan.sh.gov.cn=1: %q", pair)
		}
		if c.Open311 == nil {
			c.Open311 = map[string]int64{}
		}
		c.Open311[strings.TrimSpace(id)] = n
	}
	return nil
}

// parseConfig reads defaults, then the environment, then flags (flags win).
// extra adds a command's own flags beside the configuration's.
func parseConfig(cmd string, args []string, getenv func(string) string, stderr io.Writer, extra ...func(*flag.FlagSet)) (*Config, error) {
	c := &Config{}
	fs := flag.NewFlagSet("linli "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, f := range extra {
		f(fs)
	}
	for _, o := range options {
		v := o.def
		if e := getenv(o.env); e != "" {
			v = e
		}
		if err := o.set(c, v); err != nil {
			return nil, fmt.Errorf("%s: %w", o.env, err)
		}
		o := o
		fs.Func(o.flag, o.help+" ($"+o.env+")", func(v string) error { return o.set(c, v) })
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.DB == "" {
		c.DB = filepath.Join(c.DataDir, "linli.db")
	}
	if c.PhotoDir == "" {
		c.PhotoDir = filepath.Join(c.DataDir, "photos")
	}
	return c, nil
}

// isPostgres reports whether the database is PostgreSQL.
func (c *Config) isPostgres() bool {
	return strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://")
}

// keyFile is where the master key lives when none is given: beside the SQLite
// file, or in the data directory for PostgreSQL.
func (c *Config) keyFile() string {
	if c.PIIKeyFile != "" {
		return c.PIIKeyFile
	}
	if c.isPostgres() {
		return filepath.Join(c.DataDir, "linli.key")
	}
	return strings.TrimSuffix(c.DB, filepath.Ext(c.DB)) + ".key"
}

// usage writes the options table for `linli help`.
func usage(w io.Writer) {
	fmt.Fprint(w, `linli — neighborhood co-governance (邻里)

Usage:
  linli demo      start on a SQLite file filled with a sample district (first run creates it)
  linli serve     run the server
  linli migrate   apply database migrations and exit
  linli gen [topics comments likes cases]
                  fill the sample district's boards and one neighborhood's cases
                  (default 50000 500000 2000000 100000), with progress
  linli jobs run  run the background jobs once (they also run every 10 minutes inside serve)
  linli open311-key -name PARTNER [-district ID] [-by PHONE]
                  make an Open311 api_key for a partner and print it (shown only this once);
                  -list shows the keys, -revoke ID stops one
  linli poll verify ID
                  recompute a closed poll's tally from its stored ballots and check the result hash
  linli version   print the version
  linli help      show this help

Options (each flag also reads the environment variable shown; flags win):
`)
	for _, o := range options {
		def := o.def
		if def == "" {
			def = "—"
		}
		fmt.Fprintf(w, "  -%-15s %-22s %s (default %s)\n", o.flag, "$"+o.env, o.help, def)
	}
	fmt.Fprint(w, `
Examples:
  linli demo
  linli serve -db postgres://linli@127.0.0.1/linli -pii-key-file /etc/linli/pii.key
  LINLI_DB=/var/lib/linli/linli.db linli serve -addr :8080
`)
}
