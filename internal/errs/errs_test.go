package errs

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestStatusForEveryCode(t *testing.T) {
	cases := map[Code]int{
		Invalid: 422, Unauthorized: 401, Forbidden: 403, NotFound: 404, Conflict: 409,
		TooMany: 429, TooLarge: 413, Unavailable: 503, Internal: 500,
	}
	for code, want := range cases {
		if got := Status(code); got != want {
			t.Errorf("Status(%s) = %d, want %d", code, got, want)
		}
	}
}

func TestForeignErrorsBecomeInternal(t *testing.T) {
	e := As(errors.New("disk on fire"))
	if e.Code != Internal || e.Key != "error.internal" {
		t.Fatalf("got %+v", e)
	}
	if Status(e.Code) != http.StatusInternalServerError {
		t.Fatal("internal must be 500")
	}
}

func TestCodeSurvivesWrapping(t *testing.T) {
	base := New(NotFound, "place.not_found")
	wrapped := fmt.Errorf("loading: %w", base)
	if !Is(wrapped, NotFound) {
		t.Fatalf("code lost through wrapping: %v", CodeOf(wrapped))
	}
	if CodeOf(nil) != "" {
		t.Fatal("nil has no code")
	}
}
