package load

import (
	"context"
	"fmt"
	"net"
	"slices"
	"strings"
	"time"
)

// resolveLoopback resolves host and refuses it unless every address it has is
// loopback (127.0.0.0/8 or ::1): a load driver must never be pointed at
// someone else's machine. IPv4 comes first, as servers often listen only there.
func resolveLoopback(ctx context.Context, host string) ([]net.IP, error) {
	var ips []net.IP
	if ip := net.ParseIP(host); ip != nil {
		ips = []net.IP{ip}
	} else {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
		if err != nil {
			return nil, fmt.Errorf("load: refusing host %s: cannot resolve it to check it is loopback: %w", host, err)
		}
		for _, a := range addrs {
			ips = append(ips, a.IP)
		}
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("load: refusing host %s: it has no addresses", host)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return nil, fmt.Errorf("load: refusing host %s: %s is not a loopback address (only 127.0.0.0/8 and ::1 are allowed)", host, ip)
		}
	}
	slices.SortStableFunc(ips, func(a, b net.IP) int {
		return boolInt(a.To4() == nil) - boolInt(b.To4() == nil)
	})
	return ips, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// pinnedDial dials only the addresses checked by resolveLoopback, keyed by
// lower-case host name, and never resolves again: a DNS answer that changes
// mid-run, or a redirect elsewhere, cannot send traffic off the machine.
func pinnedDial(allowed map[string][]net.IP) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		ips := allowed[strings.ToLower(host)]
		if len(ips) == 0 {
			return nil, fmt.Errorf("load: refusing to dial %s: not a checked loopback host", addr)
		}
		firstErr := fmt.Errorf("load: refusing to dial %s: no loopback address", addr)
		dialed := false
		for _, ip := range ips {
			if !ip.IsLoopback() { // checked already; never trust a map alone
				continue
			}
			c, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
			if err == nil {
				return c, nil
			}
			if !dialed {
				firstErr, dialed = err, true
			}
		}
		return nil, firstErr
	}
}
