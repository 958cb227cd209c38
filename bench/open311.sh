#!/usr/bin/env bash
# bench/open311.sh measures the Open311 figures of docs/performance.md on one
# database, with the project's load driver on the same machine.
#
#   bench/open311.sh sqlite        # a SQLite file under /tmp/linli-bench-open311
#   bench/open311.sh postgres      # database linli_bench_open311 on 127.0.0.1:5432
#
# It builds linli and linli-load, seeds the sample district (linli gen, small
# boards) and BENCH_CASES cases over 100 days (bench/open311seed; skipped when
# they are there, BENCH_REGEN=1 forces it), makes a partner key, starts the
# server and prints one line per figure with the number of requests each
# response holds. Needs sqlite3 or psql.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

kind=${1:?usage: bench/open311.sh sqlite|postgres}
dur=${BENCH_DURATION:-8s}
port=${BENCH_PORT:-18311}
cases=${BENCH_CASES:-50000}
base=http://127.0.0.1:$port/open311/v2
bin=/tmp/linli-bench
go build -o "$bin/linli" ./cmd/linli
go build -o "$bin/linli-load" ./cmd/linli-load

case $kind in
sqlite)
	data=/tmp/linli-bench-open311
	db=$data/linli.db
	sql() { sqlite3 "$db" "$1"; }
	wipe() { rm -rf "$data"; }
	;;
postgres)
	data=/tmp/linli-bench-open311-pg
	db=${BENCH_PG:-postgres://postgres@127.0.0.1:5432/linli_bench_open311?sslmode=disable}
	sql() { psql -qtA "$db" -c "$1"; }
	wipe() {
		psql -q "${db%/*}/postgres?sslmode=disable" -c "DROP DATABASE IF EXISTS linli_bench_open311" -c "CREATE DATABASE linli_bench_open311"
		rm -rf "$data"
	}
	;;
*) echo "unknown database $kind" >&2; exit 2 ;;
esac
flags=(-data "$data" -db "$db")

have=$(sql "SELECT count(*) FROM cases" 2>/dev/null || echo 0)
if [ -n "${BENCH_REGEN:-}" ] || [ "${have:-0}" -lt "$cases" ]; then
	wipe
	mkdir -p "$data"
	"$bin/linli" gen 200 1000 1000 "${flags[@]}" >/dev/null
	start=$(date +%s.%N)
	go run ./bench/open311seed -db "$db" -n "$cases" -days 100
	echo "seed: $(echo "$(date +%s.%N) - $start" | bc) s"
fi
key=$("$bin/linli" open311-key -name "bench $(date +%s%N)" "${flags[@]}" | grep -o 'o311_[A-Za-z0-9_-]*')

"$bin/linli" serve "${flags[@]}" -addr "127.0.0.1:$port" -log-level warn &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

enc() { sed 's/+/%2B/g'; }
day1=$(date -d '-3 days' --iso-8601=seconds | enc)
day2=$(date -d '-2 days' --iso-8601=seconds | enc)
ids=$(sql "SELECT id FROM cases ORDER BY id DESC LIMIT 10" | paste -sd, -)
one=${ids%%,*}
count() { curl -fs "$1" | grep -o '"service_request_id"\|<service_request_id>\|"update_id"' | wc -l; }
load() {
	local url=$1
	shift
	echo "$(printf '%-42s' "$label ($(count "$url") rows):") $("$bin/linli-load" -q -d "$dur" "$@" -url "$url" | sed -n 2p)"
}
echo "database $kind, $(sql 'SELECT count(*) FROM cases') cases, $dur per figure, 32 connections unless noted"
label="list, one category, one day, JSON" load "$base/requests.json?service_code=parking&start_date=$day1&end_date=$day2" -c 32
label="list, one category, one day, XML" load "$base/requests.xml?service_code=parking&start_date=$day1&end_date=$day2" -c 32
label="list, one day, JSON" load "$base/requests.json?start_date=$day1&end_date=$day2" -c 32
label="same, partner's key" load "$base/requests.json?start_date=$day1&end_date=$day2&api_key=$key" -c 32
label="list by 10 ids" load "$base/requests.json?service_request_id=$ids" -c 32
label="one request" load "$base/requests/$one.json" -c 32
label="default list (90 days, first 1000)" load "$base/requests.json" -c 8
label="updates, one day" load "$base/servicerequestupdates.json?start_date=$day1&end_date=$day2" -c 32
hood=$(sql "SELECT id FROM places WHERE kind = 'neighborhood' ORDER BY id LIMIT 1")
echo "$(printf '%-42s' "POST requests (4,000, 16 connections):") $("$bin/linli-load" -q -c 16 -n 4000 \
	-body "api_key=$key&service_code=noise&attribute%5Bneighborhood%5D=$hood&lat=31.3&long=121.4&description=%E5%8D%8A%E5%A4%9C%E6%96%BD%E5%B7%A5" \
	-url "POST $base/requests.json" | sed -n 2p)"
