#!/usr/bin/env bash
# bench/projects.sh measures the project figures of docs/performance.md on one
# database, with the project's load driver on the same machine.
#
#   bench/projects.sh sqlite          # a fresh demo under /tmp/linli-bench-projects
#   bench/projects.sh postgres        # database linli_bench_projects on 127.0.0.1:5432
#
# It builds linli and linli-load, starts a fresh demo district, gives its
# project in progress 200 updates (one photo each, through the page's form, as
# the demo cadre), then loads the project page as the demo resident. Needs
# curl and jq.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

kind=${1:?usage: bench/projects.sh sqlite|postgres}
dur=${BENCH_DURATION:-8s}
updates=${BENCH_UPDATES:-200}
port=${BENCH_PORT:-18291}
base=http://127.0.0.1:$port
bin=/tmp/linli-bench
data=/tmp/linli-bench-projects
go build -o "$bin/linli" ./cmd/linli
go build -o "$bin/linli-load" ./cmd/linli-load

dbflag=()
rm -rf "$data"
mkdir -p "$data"
if [ "$kind" = postgres ]; then
	url=${BENCH_PG:-postgres://postgres@127.0.0.1:5432/linli_bench_projects?sslmode=disable}
	psql -q "${url%/*}/postgres?sslmode=disable" -c "DROP DATABASE IF EXISTS linli_bench_projects" -c "CREATE DATABASE linli_bench_projects"
	dbflag=(-db "$url")
fi

"$bin/linli" demo -data "$data" "${dbflag[@]}" -addr "127.0.0.1:$port" -log-level warn >"$data/demo.out" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
# The demo serves while it seeds; it says "ready" when the district is there.
for _ in $(seq 300); do grep -q ready "$data/demo.out" 2>/dev/null && break; sleep 0.1; done
kill -0 "$server" # gone: the port may belong to someone else's server
head -1 "$data/demo.out"

session() { # phone -> session token
	local jar
	jar=$(mktemp)
	curl -fs -c "$jar" -H 'Content-Type: application/json' -d "{\"phone\":\"$1\",\"password\":\"linli2026\"}" "$base/api/v1/session" >/dev/null
	awk '$6 == "linli_session" {print $7}' "$jar"
}
resident=$(session 13900000011)
cadre=$(session 13900000004)
hood=$(curl -fs -b "linli_session=$resident" "$base/api/v1/me" | jq -r .user.neighborhood_id)
project=$(curl -fs -b "linli_session=$resident" "$base/api/v1/neighborhoods/$hood/projects?state=in_progress" | jq -r '.items[0].id')

# A site photo, 800x600, made with the standard library.
photo=$data/photo.jpg
mkdir -p "$data/mkphoto"
cat >"$data/mkphoto/main.go" <<'GO'
package main

import (
	"image"
	"image/color"
	"image/jpeg"
	"os"
)

func main() {
	img := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for x := 0; x < 800; x++ {
		for y := 0; y < 600; y++ {
			img.Set(x, y, color.RGBA{uint8(x / 4), uint8(y / 3), 140, 255})
		}
	}
	f, _ := os.Create(os.Args[1])
	defer f.Close()
	jpeg.Encode(f, img, &jpeg.Options{Quality: 85})
}
GO
go run "$data/mkphoto/main.go" "$photo"
start=$(date +%s.%N)
for i in $(seq "$updates"); do
	curl -fs -o /dev/null -b "linli_session=$cadre" -F "body=第${i}次进展：今日施工完成，现场已清理。" -F "photos=@$photo;type=image/jpeg" \
		"$base/projects/$project/updates"
done
echo "database $kind, project $project with $updates updates (posted in $(echo "$(date +%s.%N) - $start" | bc) s), $dur per figure"

load() { "$bin/linli-load" -q -d "$dur" -H "Cookie: linli_session=$resident" "$@" | sed -n 2p; }
# The machine is shared: the home page's JSON, measured in the same minute,
# tells how busy it was (foundation figure: 16,000 req/s on an idle machine).
echo "home JSON (yardstick): $(load -c 32 -url "$base/api/v1/home")"
echo "project page HTML: $(load -c 32 -url "$base/projects/$project")"
echo "project JSON:      $(load -c 32 -url "$base/api/v1/projects/$project")"
older=$(curl -fs -b "linli_session=$resident" "$base/api/v1/projects/$project" | jq -r .next_before)
echo "next page HTML:    $(load -c 32 -url "$base/projects/$project?before=$older")"
echo "project list HTML: $(load -c 32 -url "$base/neighborhoods/$hood/projects")"
