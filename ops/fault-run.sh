#!/usr/bin/env bash
# Fault run (docs/reliability.md): the load simulator drives one node for ten minutes while this script, in turn,
# SIGKILLs and restarts it, restarts it gracefully (SIGTERM), fills its data disk (a small tmpfs) and frees it, and
# takes an online backup that it restores into a second node. Afterwards it reports: the simulator's reconciliation
# (every accepted tap in the journal, nothing counted twice) and whether every tap got an answer; how fast /ready
# (sampled every 250 ms) went red after the first failed commit and green after the disk was freed; and whether the
# restored node's occupancy equals what the backup's journal holds. Figures only; the verdicts are printed, and the
# exit status is 1 if one of them failed.
#   ops/fault-run.sh [minutes=10]        RATE=300 taps/s, EVACUEES=20000, DISK_MB=768
# Needs root or an unprivileged user namespace (it mounts the tmpfs in a private mount namespace of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SHELTER_FAULT_NAMESPACE:-}" != 1 ]; then
  if [ "$(id -u)" = 0 ]; then exec unshare -m --propagation private env SHELTER_FAULT_NAMESPACE=1 "$0" "$@"; fi
  exec unshare -rm --propagation private env SHELTER_FAULT_NAMESPACE=1 "$0" "$@"
fi
minutes=${1:-10}
total=$((minutes * 60))
rate=${RATE:-300}
evacuees=${EVACUEES:-20000}
port=${PORT:-5195}
port2=$((port + 1))
work=$(mktemp -d -t shelter-fault.XXXXXX)
host_pid=""; node2_pid=""; sampler_pid=""; sim_pid=""
cleanup() {
  for pid in $sim_pid $sampler_pid $host_pid $node2_pid; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  umount "$work/disk" 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%3N; }
event() { echo "$(now) $*" >> "$work/events.log"; echo "== $(date -u +%H:%M:%S) $*"; }

mkdir -p "$work/disk"
mount -t tmpfs -o size="${DISK_MB:-768}m" shelter-fault "$work/disk"
data="$work/disk/data"

echo "== building (Release)"
dotnet build Shelter.sln -c Release -nologo -v quiet -clp:ErrorsOnly
bin() { echo "src/$1/bin/Release/net10.0/$1.dll"; }
(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/admin-token")
export Shelter__AdminToken="$(cat "$work/admin-token")"
ca=$(dotnet "$(bin Shelter.LoadSim)" --print-ca)
dotnet "$(bin Shelter.LoadSim)" --prepare-only --url "http://127.0.0.1:$port" --admin-token x --evacuees "$evacuees" --municipality fault

# node PORT DATA LOG: starts a node in the background; its PID is in $started.
node() {
  dotnet "$(bin Shelter.Host)" --urls "http://127.0.0.1:$1" --Shelter:DataDirectory="$2" \
    --Shelter:Credentials:AllowTestRoots=true --Shelter:Credentials:TrustAnchors:0="$ca" \
    --Logging:Console:FormatterOptions:TimestampFormat="HH:mm:ss.fff " --Logging:Console:FormatterOptions:UseUtcTimestamp=true \
    >> "$3" 2>&1 &
  started=$!
}
await_ready() { for _ in $(seq 1 240); do curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$1/ready" && return 0; sleep 0.25; done; echo "node on $1 never ready"; return 1; }
start_host() { node "$port" "$data" "$work/host.log"; host_pid=$started; await_ready "$port"; event "node ready (pid $host_pid)"; }

start_host
( while true; do echo "$(now) $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/ready")" >> "$work/ready.log"; sleep 0.25; done ) &
sampler_pid=$!

event "load simulator starts: ${total}s at $rate taps/s"
dotnet "$(bin Shelter.LoadSim)" --url "http://127.0.0.1:$port" --admin-token-file "$work/admin-token" --duration "$total" --rate "$rate" \
  --evacuees "$evacuees" --municipality fault --summary "$work/summary.json" > "$work/sim.log" 2>&1 &
sim_pid=$!
t0=$(date +%s)
at() { local wait=$((t0 + $1 - $(date +%s))); [ "$wait" -gt 0 ] && sleep "$wait"; return 0; }

at $((total * 1 / 10)); event "SIGKILL"; kill -KILL "$host_pid"; wait "$host_pid" 2>/dev/null || true; start_host
at $((total * 25 / 100)); event "SIGTERM"; kill -TERM "$host_pid"; wait "$host_pid" 2>/dev/null || true; event "node exited"; start_host
at $((total * 40 / 100)); event "disk fill"
dd if=/dev/zero of="$work/disk/fill" bs=1M 2>/dev/null || true
event "disk full ($(df -m --output=avail "$work/disk" | tail -1 | tr -d ' ') MB free)"
sleep 20
rm -f "$work/disk/fill"; event "disk freed"
at $((total * 55 / 100)); event "backup starts"
dotnet src/Shelter.Cli/bin/Release/net10.0/shelter.dll backup --data "$data" --to "$work/backup" > "$work/backup.json"
event "backup done"
mkdir -p "$work/restored"
find "$work/backup" -maxdepth 1 -type f ! -name backup.json -exec cp -p {} "$work/restored/" \;
node "$port2" "$work/restored" "$work/node2.log"; node2_pid=$started; await_ready "$port2"; event "restored node ready"
set +e
python3 - "$work/backup/shelter.db" "http://127.0.0.1:$port2" "$work/admin-token" > "$work/restore.txt" <<'PY'
import json, sqlite3, sys, time, urllib.request, collections
db, url, token = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().strip()
at = {}
for pid, manifest, message in sqlite3.connect(db).execute(
        "SELECT persistence_id, manifest, message FROM journal WHERE persistence_id LIKE 'evacuee-%' AND deleted = 0 ORDER BY ordering"):
    e = json.loads(message)
    if manifest.startswith("evacuee.checked-in."): at[pid] = e["shelterId"]
    elif manifest.startswith("evacuee.checked-out."): at.pop(pid, None)
expected = collections.Counter(at.values())
def occupancy(shelter):
    req = urllib.request.Request(f"{url}/api/v1/shelters/{shelter}", headers={"Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(req))["occupancy"]
deadline, differ = time.time() + 120, None
while time.time() < deadline:
    differ = {s: (n, occupancy(s)) for s, n in expected.items() if occupancy(s) != n}
    if not differ: break
    time.sleep(1)
print(f"restored node: {len(expected)} shelters, {sum(expected.values())} evacuees present in the backup's journal; "
      + ("occupancy equal in every shelter" if not differ else f"differ: {differ}"))
sys.exit(1 if differ else 0)
PY
restore_status=$?
set -e
cat "$work/restore.txt"
kill -TERM "$node2_pid"; wait "$node2_pid" 2>/dev/null || true; node2_pid=""

event "waiting for the simulator to finish and reconcile"
set +e; wait "$sim_pid"; sim_status=$?; set -e; sim_pid=""
kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""
grep -E "^(accepted|reconciliation|problems|http failures|retries)" "$work/sim.log" || tail -20 "$work/sim.log"

set +e
python3 - "$work" "$sim_status" "$restore_status" <<'PY'
import json, sys, re, datetime
work, sim_status, restore_status = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
events = [(float(t), rest) for t, rest in (l.rstrip("\n").split(" ", 1) for l in open(f"{work}/events.log"))]
ready = [(float(t), code) for t, code in (l.split() for l in open(f"{work}/ready.log") if len(l.split()) == 2)]
when = lambda name: next(t for t, e in events if e.startswith(name))
day = datetime.datetime.fromtimestamp(when("disk fill"), datetime.timezone.utc).date()
failed = None
for line in open(f"{work}/host.log", errors="replace"):
    if "journal file cannot be written" in line:
        m = re.match(r"(\d\d):(\d\d):(\d\d\.\d\d\d) ", line)
        if m:
            h, mi, s = int(m[1]), int(m[2]), float(m[3])
            t = datetime.datetime(day.year, day.month, day.day, h, mi, tzinfo=datetime.timezone.utc).timestamp() + s
            if t >= when("disk fill") - 1: failed = t; break
freed = when("disk freed")
red = next((t for t, c in ready if failed and t >= failed and c != "200"), None)
green = next((t for t, c in ready if t >= freed and c == "200"), None)
s = json.load(open(f"{work}/summary.json"))
r = s["reconciliation"]
unanswered = [p for p in s["problems"] if "never answered" in p]
ok = True
def verdict(name, good, detail):
    global ok
    ok &= good
    print(f"{'PASS' if good else 'FAIL'}  {name}: {detail}")
print(f"accepted {s['accepted']:,} taps ({s['acceptedPerSecond']:,.0f}/s), {s['httpFailures']:,} HTTP failures retried, {s['retries']:,} retries")
verdict("reconciliation", r["clean"], f"{r['sheltersChecked']} shelters, {r['evacueesChecked']:,} evacuees; {len(r['shelterDifferences'])} shelter and {len(r['evacueeDifferences'])} evacuee differences")
verdict("every tap answered", not unanswered, f"{len(unanswered)} never answered; {len(s['problems'])} problems in all")
verdict("first failed commit seen", failed is not None, "in the node's log" if failed else "no 'journal file cannot be written' line after the fill")
if failed:
    verdict("/ready red after the first failed commit", red is not None and red - failed <= 5, f"{(red - failed):.2f} s" if red else "never red")
verdict("/ready green after the disk was freed", green is not None and green - freed <= 5, f"{(green - freed):.2f} s" if green else "never green")
verdict("restored node equals the backup", restore_status == 0, open(f"{work}/restore.txt").read().strip())
print(f"{sum(1 for _, c in ready if c != '200')} of {len(ready)} /ready samples were not 200 (restarts and the full disk)")
sys.exit(0 if ok else 1)
PY
status=$?
exit $status
