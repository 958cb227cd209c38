package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/polls"
)

// liveEvery is how often the live tally is sent; reading it is two small
// queries on the counters, never the ballots.
var liveEvery = 2 * time.Second

// pollLive streams a poll's tally as server-sent events while it may be
// shown: one "tally" event with the counts ("ballots n;0:votes;1:votes...")
// at once and whenever they change, and "closed" when the poll closes. The
// page works without it: a reload shows the same counts.
func (w *Web) pollLive(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		_, err = w.Svc.PollResult(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		status, d := httpx.Describe(r, err)
		http.Error(rw, d.Message, status)
		return
	}
	rc := http.NewResponseController(rw)
	_ = rc.SetWriteDeadline(time.Now().Add(10 * time.Minute)) // the browser reconnects after
	rw.Header().Set("Content-Type", "text/event-stream")
	rw.Header().Set("Cache-Control", "no-store")
	rw.Header().Set("X-Accel-Buffering", "no")
	rw.WriteHeader(http.StatusOK)
	last := ""
	tick := time.NewTicker(liveEvery)
	defer tick.Stop()
	for {
		res, err := w.Svc.PollStore.Result(r.Context(), id)
		if err != nil {
			return
		}
		if msg := tallyMessage(res); msg != last {
			fmt.Fprintf(rw, "event: tally\ndata: %s\n\n", msg)
			last = msg
		}
		if res.Poll.State == polls.Closed {
			fmt.Fprint(rw, "event: closed\ndata: 1\n\n")
			_ = rc.Flush()
			return
		}
		_ = rc.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
	}
}

// tallyMessage is the counts in one line the page's script reads.
func tallyMessage(r *polls.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d", r.Poll.BallotCount)
	for _, o := range r.Options {
		fmt.Fprintf(&b, ";%d:%d", o.Position, o.Votes)
	}
	return b.String()
}
