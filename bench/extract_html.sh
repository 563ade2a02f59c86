#!/usr/bin/env bash
# Main-text extraction: Placard's HTML reader against Python trafilatura, on
# the same pages, in the same run:
#   1. makes a venv in target/bench-venv and pip-installs trafilatura;
#   2. writes the pages of ../shared/data/boilerplate as plain .html files
#      (the 884 trafilatura-eval pages that exist and the 130 Readability
#      pages);
#   3. times Python trafilatura (`extract`, comments excluded, one process,
#      pages already in memory) and `placard read` (release build, from the
#      files: start-up, reading and JSON output included), on one core and
#      on all cores, with its default extraction (the block extractor) and
#      with `--tree-html` (the trafilatura crate, html5ever underneath);
#   4. times the block extractor alone with
#      crates/sources/examples/streaming_extractor.rs on the same pages
#      (timed inside, pages in memory, as for Python; its charset decision
#      is simpler than `placard read`'s, so its scores differ a little);
#   5. scores them all: trafilatura-eval snippets that must be in the text
#      (`with`) and must not (`without`), and bag-of-words F1 against each
#      Readability page's expected.html; failures per site go to
#      target/bench-extract/*.failures.txt (the worst are printed).
# Usage: bash bench/extract_html.sh   (from the project root; a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${PLACARD_SHARED:-../shared}
[ -f "$shared/data/boilerplate/trafilatura-eval/evaldata.json" ] || {
    echo "bench/extract_html.sh: $shared/data/boilerplate is absent" >&2
    exit 1
}
export RUST_BACKTRACE=0
target=${CARGO_TARGET_DIR:-target}
venv=$target/bench-venv
out=$target/bench-extract
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
# lxml 5.2+ moved its HTML cleaner, which trafilatura's justext needs, out.
"$venv/bin/pip" install -q trafilatura lxml_html_clean
rm -rf "$out"
mkdir -p "$out"
"$venv/bin/python" bench/extract_html.py prepare "$shared" "$out"
cargo build -q --release -p placard-cli
cargo build -q --release -p placard-sources --example streaming_extractor
n_pages=$(ls "$out/pages" | wc -l)

echo "== Python trafilatura $("$venv/bin/python" -c 'import trafilatura; print(trafilatura.__version__)')"
"$venv/bin/python" bench/extract_html.py python "$out/pages" "$out/python-trafilatura.jsonl" | tee "$out/python.log"

python_rate=$(grep -o '[0-9.]* pages/s' "$out/python.log" | cut -d' ' -f1)
# One core (as Python runs), then all cores (pages are extracted in parallel);
# the default extraction, then the tree-based one.
for mode in default tree-html; do
for threads in 1 all; do
    echo "== Placard (placard read, $mode, release, $threads core(s))"
    label=placard
    flags=()
    if [ "$mode" = tree-html ]; then
        label=placard-tree-html
        flags=(--tree-html)
    fi
    start=$(date +%s.%N)
    if [ "$threads" = 1 ]; then
        RAYON_NUM_THREADS=1 "$target/release/placard" read "${flags[@]}" "$out/pages" > "$out/$label.jsonl" 2> "$out/$label.stderr" || true
    else
        "$target/release/placard" read "${flags[@]}" "$out/pages" > "$out/$label.jsonl" 2> "$out/$label.stderr" || true
    fi
    end=$(date +%s.%N)
    placard_seconds=$(echo "$end - $start" | bc -l)
    placard_rate=$(echo "$n_pages / $placard_seconds" | bc -l)
    printf 'placard: %d pages in %.2f s, %.1f pages/s (%d skipped, see %s)\n' \
        "$n_pages" "$placard_seconds" "$placard_rate" \
        "$(grep -c '^skipped' "$out/$label.stderr" || true)" "$out/$label.stderr"
    printf 'speed: placard %s (%s core(s)) / python trafilatura = %.1fx pages/s\n' \
        "$mode" "$threads" "$(echo "$placard_rate / $python_rate" | bc -l)"
done
done

echo "== Block extractor alone, pages in memory as Python's are (examples/streaming_extractor.rs)"
"$target/release/examples/streaming_extractor" "$out/pages" > "$out/streaming-experiment.jsonl"

echo "== Scores"
"$venv/bin/python" bench/extract_html.py score "$shared" "$out" \
    "$out/python-trafilatura.jsonl" "$out/placard.jsonl" "$out/placard-tree-html.jsonl" \
    "$out/streaming-experiment.jsonl"
