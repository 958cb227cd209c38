package httpx_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
)

// A client that leaves mid-request is not a server failure: its request
// stops with context.Canceled, which must not be logged as an error or
// counted as a 500.
func TestAbandonedRequestIsNotAnError(t *testing.T) {
	var log bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelInfo})))
	defer slog.SetDefault(prev)

	ctx, cancel := context.WithCancel(context.Background())
	r := httptest.NewRequest("GET", "/api/v1/neighborhoods/3/board", nil).WithContext(ctx)
	cancel()
	status, _ := httpx.Describe(r, errs.Internalf("board: list: %w", ctx.Err()))
	if status != httpx.StatusClientClosed || log.Len() != 0 {
		t.Fatalf("abandoned request: status %d, log %q", status, log.String())
	}

	live := httptest.NewRequest("GET", "/api/v1/neighborhoods/3/board", nil)
	status, d := httpx.Describe(live, errs.Internalf("board: list: %w", errors.New("disk I/O error")))
	if status != 500 || d.Code != errs.Internal || !strings.Contains(log.String(), "request failed") {
		t.Fatalf("a real failure: status %d, code %s, log %q", status, d.Code, log.String())
	}
	// A cancelled client whose request failed for another reason still logs it.
	log.Reset()
	status, _ = httpx.Describe(r, errs.Internalf("board: list: %w", errors.New("disk I/O error")))
	if status != 500 || !strings.Contains(log.String(), "request failed") {
		t.Fatalf("a failure of a cancelled request: status %d, log %q", status, log.String())
	}
}
