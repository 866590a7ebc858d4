#!/usr/bin/env bash
# ops/bench.sh over plain HTTP and over HTTPS in the same run, one after the other (interleaved ROUNDS times), and the
# ratio of their accepted taps per second. Figures only.
#   ops/bench-tls.sh [seconds=60] [evacuees=60000]    ROUNDS=1
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
evacuees=${2:-60000}
rounds=${ROUNDS:-1}
results=()
for round in $(seq 1 "$rounds"); do
  for tls in 0 1; do
    name=$([ "$tls" = 1 ] && echo https || echo http)
    echo "== round $round: $name"
    TLS=$tls BENCH_SUMMARY="bench-summary-$name.json" bash ops/bench.sh "$seconds" "$evacuees" | grep -E "^(end-to-end|reconciliation)"
    results+=("$name $(python3 -c "import json;print(json.load(open('bench-summary-$name.json'))['acceptedPerSecond'])")")
  done
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [l.split() for l in sys.stdin if l.strip()]
by = {k: [float(v) for n, v in rows if n == k] for k in ("http", "https")}
for k, v in by.items():
    print(f"{k}: accepted taps/s " + ", ".join(f"{x:,.0f}" for x in v) + f" (median {statistics.median(v):,.0f})")
ratio = statistics.median(by["https"]) / statistics.median(by["http"])
print(f"https / http = {ratio:.2f}")
'
