#!/usr/bin/env bash
# ops/bench.sh in reader protocol v1 and in v2 in the same run, one after the other (interleaved ROUNDS times), and the
# ratio of their accepted taps per second: the cost of v2's server nonces (a nonce request per 20 taps, its MAC checked
# and its single use kept on every tap). Both runs sign each tap when it is made, so the simulator costs the same in
# both. Figures only.
#   ops/bench-protocol.sh [seconds=60] [evacuees=60000]    ROUNDS=1
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
evacuees=${2:-60000}
rounds=${ROUNDS:-1}
results=()
for round in $(seq 1 "$rounds"); do
  for protocol in v1 v2; do
    echo "== round $round: protocol $protocol"
    PROTOCOL=$protocol SIGN_LIVE=1 BENCH_SUMMARY="bench-summary-$protocol.json" bash ops/bench.sh "$seconds" "$evacuees" \
      | grep -E "^(end-to-end|reconciliation|protocol|latency \(online\))"
    results+=("$protocol $(python3 -c "import json;s=json.load(open('bench-summary-$protocol.json'));print(s['acceptedPerSecond'], s['onlineLatencyMs']['p99'], s['nonceRequests'])")")
  done
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [l.split() for l in sys.stdin if l.strip()]
by = {k: [(float(r), float(p), int(n)) for name, r, p, n in rows if name == k] for k in ("v1", "v2")}
for k, v in by.items():
    print(f"{k}: accepted taps/s " + ", ".join(f"{r:,.0f}" for r, _, _ in v) + f" (median {statistics.median(r for r, _, _ in v):,.0f});"
          + " p99 " + ", ".join(f"{p:.0f} ms" for _, p, _ in v) + "; nonce requests " + ", ".join(f"{n:,}" for _, _, n in v))
ratio = statistics.median(r for r, _, _ in by["v2"]) / statistics.median(r for r, _, _ in by["v1"])
print(f"v2 / v1 = {ratio:.2f}")
'
