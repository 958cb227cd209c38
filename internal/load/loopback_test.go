package load

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestOnlyLoopbackTargetsAreAccepted(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()

	cases := []struct {
		url     string
		wantErr string // empty: accepted
	}{
		{"http://10.0.0.1/", "not a loopback address"},
		{"http://192.168.1.10:8080/feed", "not a loopback address"},
		{"http://0.0.0.0:8080/", "not a loopback address"},
		{"http://[2001:db8::1]/", "not a loopback address"},
		{"http://[::ffff:10.0.0.1]/", "not a loopback address"},
		{"ftp://127.0.0.1/", "scheme must be http or https"},
		{"http:///nohost", "no host"},
		{"localhost:8080", "scheme must be http or https"},
		{srv.URL + "/", ""},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			// The loopback server is listed first: nothing may reach it
			// when a later target is refused.
			cfg := Config{
				Targets:     []Target{{URL: srv.URL + "/first"}, {URL: tc.url}},
				Concurrency: 2,
				Requests:    4,
			}
			_, err := Run(context.Background(), cfg, nil)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("refused a loopback target: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
			}
		})
	}
	if got := hits.Load(); got != 4 {
		t.Fatalf("server saw %d requests, want 4 (only from the accepted case)", got)
	}
}

func TestResolveLoopbackLiterals(t *testing.T) {
	cases := []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1", true},
		{"127.1.2.3", true},
		{"::1", true},
		{"10.0.0.1", false},
		{"::", false},
		{"169.254.169.254", false},
	}
	for _, tc := range cases {
		ips, err := resolveLoopback(context.Background(), tc.host)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%v", tc.host, err, tc.ok)
		}
		if tc.ok && (len(ips) != 1 || !ips[0].Equal(net.ParseIP(tc.host))) {
			t.Errorf("%s: ips = %v", tc.host, ips)
		}
	}
}

func TestPinnedDialRefusesUncheckedHosts(t *testing.T) {
	dial := pinnedDial(map[string][]net.IP{"localhost": {net.ParseIP("10.0.0.1")}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for _, addr := range []string{"example.com:80", "10.0.0.1:80", "localhost:80"} {
		// localhost is listed but with a non-loopback address: the dialer
		// re-checks rather than trusting the map.
		if c, err := dial(ctx, "tcp", addr); err == nil {
			c.Close()
			t.Errorf("dialed %s", addr)
		}
	}
}
