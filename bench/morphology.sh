#!/usr/bin/env bash
# Compares our Russian/Ukrainian place-name morphology (a case-ending table
# with Ukrainian і/о/е alternation, `stem_forms` in gazetteer.rs) with Snowball
# stems (Russian and Ukrainian algorithms of `snowball_stemmers_rs`) on the
# dev sets in ../shared, side by side in one run:
#   1. gold places of ruuk_dev found among the gazetteer's mentions;
#   2. `placard eval` on ruuk_dev (F1 per language, place accuracy);
#   3. the hard inflected-name cases of the gazetteer's unit tests;
#   4. gazetteer speed on a Russian text.
# Usage: bash bench/morphology.sh   (from the project root; about 3 minutes)
set -uo pipefail
cd "$(dirname "$0")/.."
shared=../shared
[ -f "$shared/eval/ruuk_dev.jsonl" ] || { echo "bench/morphology.sh: $shared/eval/ruuk_dev.jsonl is absent" >&2; exit 1; }
export RUST_BACKTRACE=0
own=(--release)
snowball=(--release --features placard-engine/snowball-morphology --target-dir target/snowball)
for variant in own snowball; do
    declare -n flags=$variant
    echo "== $variant"
    cargo build -q "${flags[@]}" -p placard-cli
    cargo run -q "${flags[@]}" -p placard-engine --example ruuk_places -- "$shared/eval/ruuk_dev.jsonl" | tail -n 1
    bin=target/release/placard
    [ "$variant" = snowball ] && bin=target/snowball/release/placard
    "$bin" eval --gold "$shared/eval/ruuk_dev.jsonl" | grep -E '^(overall:|language|place) '
    failed=$(cargo test -q "${flags[@]}" -p placard-engine --lib gazetteer::tests::mentions_in_russian_and_ukrainian_sentences 2>&1 | grep -c '  expected')

    echo "hard cases of mentions_in_russian_and_ukrainian_sentences failing: $failed"
    cargo run -q "${flags[@]}" -p placard-engine --example gazetteer_speed 2>&1 | grep -i -E 'russian|parse'
done
