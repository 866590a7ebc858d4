#!/usr/bin/env bash
# The load simulator against a three-node loopback cluster on PostgreSQL (a throw-away server from ops/postgres.sh).
# On a 2-core machine this shows correctness under distribution (sharding, relay and projection singletons, nodes
# answering for each other), not scale-out speed: three nodes, PostgreSQL and the simulator share the same two cores.
#   ops/bench-cluster.sh [seconds=60] [evacuees=40000]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
evacuees=${2:-40000}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; bash ops/postgres.sh stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT

dotnet build Shelter.sln -c Release -nologo -v quiet -clp:ErrorsOnly
bin() { echo "src/$1/bin/Release/net10.0/$1.dll"; }
# One admin token for this run, made here and handed over in the environment and a file readable by this user only,
# so it is never on a command line that other users' ps can read.
(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/admin-token")
export Shelter__AdminToken="$(cat "$work/admin-token")"
ca=$(dotnet "$(bin Shelter.LoadSim)" --print-ca)
dotnet "$(bin Shelter.LoadSim)" --prepare-only --url http://127.0.0.1:1 --admin-token x --evacuees "$evacuees" --shelters 50 --readers 2000 --municipality bench

server=$(bash ops/postgres.sh start "$work/pg")
psql "host=127.0.0.1 port=${PGPORT_TEST:-55432} user=shelter dbname=postgres" -qc "CREATE DATABASE shelter_bench" >/dev/null
journal="${server/Database=postgres/Database=shelter_bench}"
# Every node must know each credential by the same pseudonym: one privacy key for the run, in the environment (not the command line, which others can list).
privacy_key="$(openssl rand -base64 32)"
urls=()
for i in 0 1 2; do
  http=$((5101 + i)); remote=$((4101 + i))
  Shelter__Privacy__Key="$privacy_key" dotnet "$(bin Shelter.Host)" --urls "http://127.0.0.1:$http" --Shelter:DataDirectory="$work/n$i" \
    --Shelter:Credentials:AllowTestRoots=true --Shelter:Credentials:TrustAnchors:0="$ca" \
    --Shelter:Akka:Provider=PostgreSql --Shelter:Akka:ConnectionString="$journal" \
    --Shelter:Akka:Port=$remote --Shelter:Akka:SeedNodes:0=akka.tcp://shelter@127.0.0.1:4101 \
    --Shelter:Akka:SeedNodes:1=akka.tcp://shelter@127.0.0.1:4102 --Shelter:Akka:SeedNodes:2=akka.tcp://shelter@127.0.0.1:4103 > "$work/node$i.log" 2>&1 &
  pids+=($!)
  urls+=(--url "http://127.0.0.1:$http")
done
for i in 0 1 2; do
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$((5101 + i))/ready" >/dev/null 2>&1 && break; sleep 0.5; done
done
echo "== three nodes up; running the simulator for ${seconds}s"
dotnet "$(bin Shelter.LoadSim)" "${urls[@]}" --admin-token-file "$work/admin-token" --duration "$seconds" --evacuees "$evacuees" \
  --shelters 50 --readers 2000 --municipality bench --summary "$work/summary.json"
