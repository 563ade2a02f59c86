#!/usr/bin/env bash
# The dashboard's first render on a big database, in headless Chromium:
#   1. generates a million events with `placard bench --serve 1000000`
#      (kept in target/bench-dashboard/events.db and reused; pass another
#      count as $1);
#   2. starts `placard serve --public-read` on it (release build);
#   3. loads `/` ten times, each in a fresh browser context (no cache), and
#      ten times with a country filter, and prints the times from navigation
#      start to the page drawn with its first events (table and map: the
#      `placard-first-render` mark in app.js) and to the counts drawn
#      (total and timeline: `placard-counts-drawn`), with the demo corpus
#      for comparison.
# Needs /usr/bin/chromium and `npm ci` in tests/browser (as .ci/run does).
# Usage: bash bench/dashboard.sh [N_EVENTS]   (from the project root)
set -euo pipefail
cd "$(dirname "$0")/.."
n_events=${1:-1000000}
target=${CARGO_TARGET_DIR:-target}
out=$target/bench-dashboard
mkdir -p "$out"
cargo build --release --quiet -p placard-cli
placard=$target/release/placard
db=$out/events-$n_events.db
"$placard" bench --serve "$n_events" --clients 1 --requests 1 --db "$db" | head -1
"$placard" demo --db "$out/demo.db" > /dev/null

run() {
    local name=$1 db=$2 hash=$3
    local log=$out/serve.log
    "$placard" serve --db "$db" --addr 127.0.0.1:0 --public-read 2> "$log" &
    local pid=$!
    trap 'kill $pid 2> /dev/null' RETURN
    for _ in $(seq 1 100); do
        grep -q 'listening on' "$log" && break
        sleep 0.1
    done
    local address
    address=$(sed -n 's|.*listening on \(http://[^/]*\)/.*|\1|p' "$log")
    node tests/browser/first_render.mjs "$address/$hash" "$name"
}
run "demo corpus (57 events)" "$out/demo.db" ""
run "$n_events events" "$db" ""
run "$n_events events, one country" "$db" "#/?country=UA"
