#!/usr/bin/env bash
# Rewrites the committed eval reports (eval/reports/*.txt) from the dev gold
# sets in ../shared, so the history of these files shows quality over time.
# Usage: bash eval/update.sh   (from the project root; builds placard first)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
[ -d "$shared/eval" ] || { echo "eval/update.sh: $shared/eval is absent" >&2; exit 1; }
cargo build --release --quiet -p placard-cli
placard=target/release/placard
"$placard" eval --gold "$shared/data/seed/gold.jsonl" > eval/reports/seed.txt
"$placard" eval --gold "$shared/eval/en_dev.jsonl" > eval/reports/en_dev.txt
"$placard" eval --gold "$shared/eval/ruuk_dev.jsonl" > eval/reports/ruuk_dev.txt
"$placard" eval --gold "$shared/eval/case2021_t2_dev.tsv" > eval/reports/case2021_t2_dev.txt
head -n 1 eval/reports/*.txt
