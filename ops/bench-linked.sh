#!/usr/bin/env bash
# ops/bench.sh without and with half of the card and phone holders linked to registered people (some with a second
# credential, a temporary card), in the same run, one after the other (interleaved ROUNDS times). Both runs first play
# the same check-in of each chosen holder (unmeasured); only the second then links them. The ratio of their accepted
# taps per second is the cost of a tap that the credential's entity hands on to its person's. Both reconcile (the
# linked run per person). Figures only.
#   ops/bench-linked.sh [seconds=60] [evacuees=40000]    ROUNDS=1
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
evacuees=${2:-40000}
rounds=${ROUNDS:-1}
results=()
for round in $(seq 1 "$rounds"); do
  for share in 0 0.5; do
    echo "== round $round: linked share $share (the same first check-ins played in both)"
    NO_LINKS=$([ "$share" = 0 ] && echo 1 || echo 0) LINKED_SHARE=0.5 BENCH_SUMMARY="bench-summary-linked-$share.json" bash ops/bench.sh "$seconds" "$evacuees" \
      | grep -E "^(end-to-end|reconciliation|linked before|latency \(online\)|lost)"
    results+=("$share $(python3 -c "import json;s=json.load(open('bench-summary-linked-$share.json'));print(s['acceptedPerSecond'], s['onlineLatencyMs']['p99'], s['reconciliation']['clean'], (s.get('linked') or {}).get('people', 0), (s.get('linked') or {}).get('credentials', 0))")")
  done
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [l.split() for l in sys.stdin if l.strip()]
by = {k: [(float(r), float(p), c, int(n), int(m)) for share, r, p, c, n, m in rows if share == k] for k in ("0", "0.5")}
for k, v in by.items():
    print(f"linked share {k}: accepted taps/s " + ", ".join(f"{r:,.0f}" for r, *_ in v) + f" (median {statistics.median(r for r, *_ in v):,.0f});"
          + " p99 " + ", ".join(f"{p:.0f} ms" for _, p, *_ in v) + "; reconciliation clean " + ", ".join(c for _, _, c, *_ in v)
          + "; linked people " + ", ".join(f"{n:,} ({m:,} credentials)" for *_, n, m in v))
ratio = statistics.median(r for r, *_ in by["0.5"]) / statistics.median(r for r, *_ in by["0"])
print(f"linked / unlinked = {ratio:.2f}")
'
