#!/usr/bin/env bash
# bench/polls.sh measures the ballot figure of docs/performance.md on one
# database, with the project's load driver on the same machine:
#
#   bench/polls.sh sqlite          # a fresh demo under /tmp/linli-bench-polls
#   bench/polls.sh postgres        # database linli_bench_polls on 127.0.0.1:5432
#
# It builds linli and linli-load, starts a fresh demo district, adds a
# building of BENCH_VOTERS households with verified residents and opens a
# tick-list poll over them (bench/pollseed), then casts one ballot per
# household as fast as the server takes them: every ballot a different voter,
# each a durable commit shared with the ballots beside it (db.GroupTx). The
# ballots come through the door-to-door endpoint as the demo cadre, because
# one load driver holds one session; it runs the same Cast as an online
# ballot. Then it casts BENCH_DUPES more for voters who already voted (all
# refused with 409, each refusal recorded for review). Needs curl and jq.
# The tally and verify figures are Go benchmarks:
#   go test ./internal/polls/ -run XXX -bench 'Tally|Verify' -benchtime 3x
set -Eeuo pipefail
cd "$(dirname "$0")/.."

kind=${1:?usage: bench/polls.sh sqlite|postgres}
voters=${BENCH_VOTERS:-60000}
ballots=${BENCH_BALLOTS:-50000}
dupes=${BENCH_DUPES:-5000}
conc=${BENCH_CONCURRENCY:-64}
port=${BENCH_PORT:-18293}
base=http://127.0.0.1:$port
bin=/tmp/linli-bench-polls-bin # its own: other scripts may be running from /tmp/linli-bench
data=/tmp/linli-bench-polls
go build -o "$bin/linli" ./cmd/linli
go build -o "$bin/linli-load" ./cmd/linli-load
go build -o "$bin/pollseed" ./bench/pollseed

dbflag=()
db=$data/linli.db
rm -rf "$data"
mkdir -p "$data"
if [ "$kind" = postgres ]; then
	db=${BENCH_PG:-postgres://postgres@127.0.0.1:5432/linli_bench_polls?sslmode=disable}
	psql -q "${db%/*}/postgres?sslmode=disable" -c "DROP DATABASE IF EXISTS linli_bench_polls" -c "CREATE DATABASE linli_bench_polls"
	dbflag=(-db "$db")
fi

"$bin/linli" demo -data "$data" "${dbflag[@]}" -addr "127.0.0.1:$port" -log-level warn >"$data/demo.out" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q ready "$data/demo.out" 2>/dev/null && break; sleep 0.1; done
kill -0 "$server"
head -1 "$data/demo.out"

read -r poll first < <("$bin/pollseed" -db "$db" -n "$voters")
jar=$(mktemp)
curl -fs -c "$jar" -H 'Content-Type: application/json' -d '{"phone":"13900000004","password":"linli2026"}' "$base/api/v1/session" >/dev/null
cadre=$(awk '$6 == "linli_session" {print $7}' "$jar")
echo "database $kind, poll $poll over $voters households, $ballots ballots at concurrency $conc; load $(uptime | sed 's/.*load average: //')"

body='{"voter_key": {i}, "choices": [0, 2], "slip": "B{i}", "confirmed": true}'
cast() { "$bin/linli-load" -q -c "$conc" -warmup 0 -H "Cookie: linli_session=$cadre" -H "Content-Type: application/json" "$@"; }
echo "ballots (each a new voter):"
cast -n "$ballots" -seq "$first" -body "$body" -url "ballot=POST $base/api/v1/polls/$poll/door" | grep -v "^error:"
echo "repeated ballots (voters who already voted, all refused with 409 and recorded):"
cast -n "$dupes" -seq "$first" -body "$body" -url "repeat=POST $base/api/v1/polls/$poll/door" | grep -v "^error:" || true
curl -fs -b "linli_session=$cadre" "$base/api/v1/polls/$poll" | jq -c '.poll | {ballots, rejects, channels}'
