#!/usr/bin/env bash
# End-to-end benchmark: starts a single-node host on SQLite, drives it with the load simulator at full speed for a
# fixed time, reconciles, and measures in the same run the ceilings it is compared with (raw journal-shaped SQLite
# inserts, raw RSA-2048 verification). Figures only; nothing here asserts a time.
#   ops/bench.sh [seconds=60] [evacuees=60000]
# WARMUP_SECONDS=6 first runs a short simulation of 3,000 other evacuees (municipality "warmup") against the same host,
# so the measured run starts on a process that has compiled its code, like a host that has been up for a while.
# TLS=1 serves HTTPS with a self-signed certificate made for the run (openssl), which the simulator alone trusts;
# ops/bench-tls.sh runs both and compares them.
# PROTOCOL=v2 speaks reader protocol v2 (server nonces, each tap signed when made); SIGN_LIVE=1 makes a v1 run sign each
# tap when made too. ops/bench-protocol.sh runs v1 (signing live) and v2 and compares them: the cost of the nonce.
# LINKED_SHARE=0.5 has the desk link that share of card and phone holders to registered people before the run, each
# after one check-in (and issue some a temporary card too); NO_LINKS=1 plays the same check-ins and links nobody.
# ops/bench-linked.sh runs both and compares them.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
evacuees=${2:-60000}
shelters=${SHELTERS:-50}
readers=${READERS:-2000}
sync=${SQLITE_SYNC:-Full}
work=$(mktemp -d)
port=${PORT:-5095}
host_pid=""
cleanup() { [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== building (Release)"
dotnet build Shelter.sln -c Release -nologo -v quiet -clp:ErrorsOnly
bin() { echo "src/$1/bin/Release/net10.0/$1.dll"; }
# One admin token for this run, made here and handed over in the environment and a file readable by this user only,
# so it is never on a command line that other users' ps can read.
(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/admin-token")
export Shelter__AdminToken="$(cat "$work/admin-token")"

echo "== preparing the simulator's credentials and signed taps (cached after the first run)"
ca=$(dotnet "$(bin Shelter.LoadSim)" --print-ca)
dotnet "$(bin Shelter.LoadSim)" --prepare-only --url http://127.0.0.1:$port --admin-token x \
  --evacuees "$evacuees" --shelters "$shelters" --readers "$readers" --municipality bench

scheme=http; tls_host=(); tls_sim=(); tls_curl=()
if [ "${TLS:-0}" = 1 ]; then
  scheme=https
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
  tls_host=(--Kestrel:Certificates:Default:Path="$work/tls.crt" --Kestrel:Certificates:Default:KeyPath="$work/tls.key")
  tls_sim=(--tls-root "$work/tls.crt")
  tls_curl=(--cacert "$work/tls.crt")
fi
url="$scheme://127.0.0.1:$port"
echo "== starting the host on SQLite (synchronous=$sync) at $url"
dotnet "$(bin Shelter.Host)" --urls "$url" "${tls_host[@]}" --Shelter:DataDirectory="$work/data" \
  --Shelter:Credentials:AllowTestRoots=true --Shelter:Credentials:TrustAnchors:0="$ca" --Shelter:Akka:SqliteSynchronous="$sync" \
  > "$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 60); do curl -fsS "${tls_curl[@]}" "$url/ready" >/dev/null 2>&1 && break; sleep 0.5; done

warmup=${WARMUP_SECONDS:-0}
if [ "$warmup" -gt 0 ]; then
  echo "== warming the host: ${warmup}s of another municipality's taps (not part of the figures)"
  dotnet "$(bin Shelter.LoadSim)" --url "$url" "${tls_sim[@]}" --admin-token-file "$work/admin-token" --duration "$warmup" \
    --evacuees 3000 --shelters 10 --readers 100 --municipality warmup > "$work/warmup.log" 2>&1 \
    || { cat "$work/warmup.log"; exit 1; }
  grep -E "^(accepted taps/s|reconciliation) " "$work/warmup.log"
fi
protocol_sim=(--protocol "${PROTOCOL:-v1}")
[ "${SIGN_LIVE:-0}" = 1 ] && protocol_sim+=(--sign-live)
[ -n "${LINKED_SHARE:-}" ] && protocol_sim+=(--linked-share "$LINKED_SHARE")
[ "${NO_LINKS:-0}" = 1 ] && protocol_sim+=(--no-links)
echo "== running the simulator for ${seconds}s at full speed (protocol ${PROTOCOL:-v1}$([ "${SIGN_LIVE:-0}" = 1 ] && echo ", signing live"))"
set +e
dotnet "$(bin Shelter.LoadSim)" --url "$url" "${tls_sim[@]}" "${protocol_sim[@]}" --admin-token-file "$work/admin-token" --duration "$seconds" \
  --evacuees "$evacuees" --shelters "$shelters" --readers "$readers" --municipality bench --summary "$work/summary.json"
sim_status=$?
set -e
kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=""

echo "== ceilings on this machine, same run"
dotnet "$(bin Shelter.Benchmarks)" ceilings | tee "$work/ceilings.txt"
python3 - "$work/summary.json" "$work/ceilings.txt" <<'PY' || true
import json, sys
s = json.load(open(sys.argv[1]))
c = dict(line.split()[1:3] for line in open(sys.argv[2]) if line.startswith("ceiling"))
rate = s["acceptedPerSecond"]
print(f"end-to-end accepted taps/s: {rate:,.0f}; p99 {s['onlineLatencyMs']['p99']:.0f} ms")
print(f"  = {rate / float(c['journal-inserts-full']):.2%} of raw journal-shaped SQLite inserts ({float(c['journal-inserts-full']):,.0f} rows/s, synchronous=FULL)")
print(f"  = {rate / float(c['rsa-verify']):.2%} of raw RSA-2048 verification ({float(c['rsa-verify']):,.0f}/s on all cores)")
print(f"reconciliation clean: {s['reconciliation']['clean']}; problems: {len(s['problems'])}")
PY
cp "$work/summary.json" "./${BENCH_SUMMARY:-bench-summary.json}" 2>/dev/null && echo "summary: ${BENCH_SUMMARY:-bench-summary.json}"
exit $sim_status
