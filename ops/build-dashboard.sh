#!/usr/bin/env bash
# Reproducible build of the dashboard's browser assets: installs the versions pinned in
# src/Shelter.Host/dashboard/package-lock.json (integrity-checked) and copies them into wwwroot/lib, which is committed
# so that a machine with only the .NET SDK can run the dashboard. With --check it only verifies that the committed
# copy is byte-for-byte what the lock file gives.
set -euo pipefail
cd "$(dirname "$0")/../src/Shelter.Host/dashboard"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
source_file=node_modules/@microsoft/signalr/dist/browser/signalr.min.js
target=../wwwroot/lib/signalr/signalr.min.js
if [ "${1:-}" = "--check" ]; then
  cmp "$source_file" "$target" && echo "wwwroot/lib/signalr/signalr.min.js matches the lock file"
else
  mkdir -p "$(dirname "$target")"
  cp "$source_file" "$target"
  echo "copied $(basename "$source_file") ($(wc -c < "$target") bytes) from @microsoft/signalr $(node -p "require('./node_modules/@microsoft/signalr/package.json').version")"
fi
