#!/usr/bin/env bash
# bench/proposals.sh measures the proposal and council figures of
# docs/performance.md: screening against lists of 1,000 entries, and the council
# page with 200 meetings and 2,000 action items (p50/p99 and CPU per request) on
# SQLite and, when LINLI_TEST_POSTGRES is set, PostgreSQL. Run it on a quiet
# machine; `uptime` is printed first so the figures can be read with the load.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
uptime
go test -run xxx -bench . -benchtime "${BENCH_SCREEN_N:-2000x}" ./internal/proposals
go test -run xxx -bench BenchmarkCouncilPage -benchtime "${BENCH_PAGE_N:-1000x}" ./internal/app 2>/dev/null | grep -E '^(Benchmark|ok|FAIL|---)'
