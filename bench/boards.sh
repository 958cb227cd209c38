#!/usr/bin/env bash
# bench/boards.sh measures the board figures of docs/performance.md on one
# database, with the project's load driver on the same machine.
#
#   bench/boards.sh sqlite            # a SQLite file under /tmp/linli-bench-sqlite
#   bench/boards.sh postgres          # database linli_bench on 127.0.0.1:5432
#
# It builds linli and linli-load, generates the district at issue volume
# (skipped when the data is already there; BENCH_REGEN=1 forces it), starts
# the server, logs in as the demo resident and prints one line per figure.
# Needs sqlite3 or psql to find a topic with 100 comments.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

kind=${1:?usage: bench/boards.sh sqlite|postgres}
dur=${BENCH_DURATION:-8s}
port=${BENCH_PORT:-18190}
base=http://127.0.0.1:$port
bin=${BENCH_BIN:-/tmp/linli-bench} # set it when another checkout benches at the same time
go build -o "$bin/linli" ./cmd/linli
go build -o "$bin/linli-load" ./cmd/linli-load

case $kind in
sqlite)
	data=/tmp/linli-bench-sqlite
	dbflag=()
	sql() { sqlite3 "$data/linli.db" "$1"; }
	fresh() { [ ! -f "$data/linli.db" ]; }
	wipe() { rm -rf "$data"; }
	;;
postgres)
	data=/tmp/linli-bench-postgres
	url=${BENCH_PG:-postgres://postgres@127.0.0.1:5432/linli_bench?sslmode=disable}
	dbflag=(-db "$url")
	sql() { psql -qtA "$url" -c "$1"; }
	fresh() { ! sql "SELECT 1 FROM topics LIMIT 1" >/dev/null 2>&1 || [ "$(sql 'SELECT count(*) FROM topics')" -lt 50000 ]; }
	wipe() {
		psql -q "${url%/*}/postgres?sslmode=disable" -c "DROP DATABASE IF EXISTS linli_bench" -c "CREATE DATABASE linli_bench"
		rm -rf "$data"
	}
	;;
*) echo "unknown database $kind" >&2; exit 2 ;;
esac

if [ -n "${BENCH_REGEN:-}" ] || fresh; then
	wipe
	mkdir -p "$data"
	start=$(date +%s.%N)
	"$bin/linli" gen -data "$data" "${dbflag[@]}"
	echo "gen: $(echo "$(date +%s.%N) - $start" | bc) s"
fi

"$bin/linli" serve -data "$data" "${dbflag[@]}" -addr "127.0.0.1:$port" -log-level warn &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done

jar=$(mktemp)
login=$(curl -fs -c "$jar" -H 'Content-Type: application/json' \
	-d '{"phone":"13900000011","password":"linli2026"}' "$base/api/v1/session")
token=$(awk '$6 == "linli_session" {print $7}' "$jar")
hood=$(echo "$login" | sed -E 's/.*"neighborhood_id":([0-9]+).*/\1/')
# The topic page figure is for 100 comments: pick a topic with 100 to 150, and
# post the comment-create load to another one, so runs do not grow it.
big=$(sql "SELECT id FROM topics WHERE neighborhood_id = $hood AND comment_count BETWEEN 100 AND 150 ORDER BY id LIMIT 1")
talk=$(sql "SELECT id FROM topics WHERE neighborhood_id = $hood AND status = 'visible' ORDER BY id DESC LIMIT 1")

load() { "$bin/linli-load" -q -d "$dur" -H "Cookie: linli_session=$token" "$@" | sed -n 2p; }
echo "database $kind, neighborhood $hood, topic with 100 comments $big, $dur per figure"
echo "board HTML:        $(load -c 32 -url "$base/neighborhoods/$hood/board")"
echo "board JSON:        $(load -c 32 -url "$base/api/v1/neighborhoods/$hood/board")"
echo "topic HTML:        $(load -c 32 -url "$base/topics/$big")"
echo "topic JSON:        $(load -c 32 -url "$base/api/v1/topics/$big")"
echo "search 停车:       $(load -c 32 -url "$base/api/v1/places/$hood/search?q=%E5%81%9C%E8%BD%A6")"
# Searches come far slower than page views: latency at a steady 200/s (open
# loop), beside the saturated figure above.
echo "search at 200/s:   $(load -c 32 -rate 200 -url "$base/api/v1/places/$hood/search?q=%E5%81%9C%E8%BD%A6")"
echo "comment create:    $(load -c 16 -H 'Content-Type: application/json' -body '{"body":"同意，支持尽快解决"}' \
	-url "POST $base/api/v1/topics/$talk/comments")"

# Likes: one target per topic the resident does not like yet, each liked once.
user=$(echo "$login" | sed -E 's/^\{"id":([0-9]+).*/\1/')
targets=()
for id in $(sql "SELECT id FROM topics WHERE neighborhood_id = $hood AND status = 'visible' AND id NOT IN
	(SELECT target_id FROM likes WHERE user_id = $user AND target_type = 'topic') ORDER BY id LIMIT 6000"); do
	targets+=(-url "PUT $base/api/v1/topics/$id/like")
done
n=${#targets[@]}
n=$((n / 2))
if [ "$n" -eq 0 ]; then
	echo "like: the resident likes every topic already; BENCH_REGEN=1 makes fresh data"
	exit 0
fi
echo "like ($n):        $("$bin/linli-load" -q -c 32 -n "$n" -H "Cookie: linli_session=$token" "${targets[@]}" | tail -n +2 | grep '^total' || true)"
