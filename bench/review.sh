#!/usr/bin/env bash
# How long a review decision takes on a realistic database: generates
# N_ARTICLES articles with `placard bench --write-corpus` (default 10,000,
# about 19,000 reports), ingests them, starts `placard serve` and times
# accepts, edits and merges over HTTP (curl), five of each.
# Usage: bash bench/review.sh [PLACARD_BINARY] [N_ARTICLES]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
placard=${1:-}
if [ -z "$placard" ]; then
    cargo build --release --quiet -p placard-cli
    placard=$target/release/placard
fi
n_articles=${2:-10000}
out=$(mktemp -d)
trap 'kill $(jobs -p) 2> /dev/null; rm -rf "$out"' EXIT
"$placard" bench --articles "$n_articles" --write-corpus "$out/corpus.jsonl" > /dev/null
"$placard" ingest --db "$out/r.db" --quiet "$out/corpus.jsonl" | grep -E '^(reports|events in database)'
token=$("$placard" token create --db "$out/r.db" --role coder --name bench | tail -1)
"$placard" serve --db "$out/r.db" --addr 127.0.0.1:0 2> "$out/serve.log" &
for _ in $(seq 1 200); do grep -q 'listening on' "$out/serve.log" && break; sleep 0.1; done
base=$(sed -n 's|.*listening on \(http://[^/]*\)/.*|\1|p' "$out/serve.log")
ids=$(curl -s -H "Authorization: Bearer $token" "$base/api/events?kind=protest&limit=40" \
    | python3 -c 'import json,sys; print(" ".join(e["event_id"] for e in json.load(sys.stdin)["events"]))')
set -- $ids
time_post() {
    curl -s -o /dev/null -w '%{time_total}\n' -X POST -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' -d "$2" "$base$1"
}
report() {
    python3 -c 'import sys; t=sorted(float(x) for x in sys.stdin.read().split()); print(f"{sys.argv[1]:>7}: median {t[len(t)//2]*1000:.0f} ms, max {t[-1]*1000:.0f} ms ({len(t)} decisions)")' "$1"
}
for i in 1 2 3 4 5; do eval "time_post /api/events/\${$i}/accept ''"; done | report accept
for i in 6 7 8 9 10; do eval "time_post /api/events/\${$i}/edit '{\"field\": \"size\", \"low\": 10, \"high\": 20}'"; done | report edit
for i in 11 13 15 17 19; do
    j=$((i + 1))
    eval "time_post /api/events/\${$i}/merge '{\"other\": \"'\${$j}'\"}'"
done | report merge
