package app_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
)

func bufCopy(b *strings.Builder, resp *http.Response) (int64, error) { return io.Copy(b, resp.Body) }

func fmtAny(v any) string    { return strings.TrimSpace(strings.Trim(fmtSprint(v), "[]")) }
func fmtSprint(v any) string { return fmt.Sprint(v) }
