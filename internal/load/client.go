package load

import (
	"net"
	"net/http"
	"time"
)

// requestTimeout bounds one request; it matches the histogram's range.
const requestTimeout = 60 * time.Second

// newClient returns the run's one client: keep-alive connections for every
// worker to every host, no proxy, no redirects followed (a 3xx is a result,
// and following it could leave loopback), no transparent gzip (so byte counts
// are what went over the wire, and -H "Accept-Encoding: gzip" measures
// compression honestly).
func newClient(concurrency int, allowed map[string][]net.IP, hostPorts int) (*http.Client, *http.Transport) {
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           pinnedDial(allowed),
		MaxIdleConns:          concurrency * hostPorts,
		MaxIdleConnsPerHost:   concurrency,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		DisableCompression:    true,
	}
	c := &http.Client{
		Transport: tr,
		Timeout:   requestTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	return c, tr
}
