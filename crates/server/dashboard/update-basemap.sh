#!/usr/bin/env bash
# Refreshes countries-50m.json from the npm package world-atlas (Natural
# Earth's 1:50m country shapes as TopoJSON). The file is committed so that
# building Placard needs no npm; run this to move to a newer release.
set -euo pipefail
cd "$(dirname "$0")"
version="${1:-2.0.2}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "world-atlas@$version" > /dev/null && tar xzf world-atlas-*.tgz)
cp "$work/package/countries-50m.json" countries-50m.json
echo "countries-50m.json from world-atlas $version ($(wc -c < countries-50m.json) bytes)"
