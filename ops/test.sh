#!/usr/bin/env bash
# Runs every test project in the solution and ends with one machine-readable line: "N passed, N failed, N skipped".
# Optional services: set SHELTER_TEST_POSTGRES to a connection string (ops/postgres.sh start DIR prints one) to run
# the persistence and scenario tests on PostgreSQL as well as SQLite; .ci/run does. With pcscd, vsmartcard-vpcd and
# iproute2 installed, the station's PC/SC tests run through the real daemon (ops/pcsc-rig.sh).
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build Shelter.sln -c Debug -nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
# At minimal verbosity the console logger names each failed test with its message; quiet gives only the counts.
run() {
  "$@" -c Debug --no-build -nologo -v quiet --logger "console;verbosity=minimal" 2>&1 | tee -a "$log" \
    | awk '/^ *(Failed|Skipped) |(Passed|Failed)! / { print; fflush() } /Error Message/ { n = 4 } n > 0 { print; n--; fflush() }'
  return "${PIPESTATUS[0]}"
}
# The PC/SC tests (classes named *PcscTests) run beside a private pcscd (ops/pcsc-rig.sh) where pcscd and vpcd are installed; elsewhere
# they skip and say why (in CI they must run).
# The cluster tests (three node processes each, under load) run after the rest, not beside the host tests: on two
# cores the two together starve each other's nodes.
pcsc=PcscTests
rig=no
if command -v pcscd >/dev/null 2>&1 && [ -f /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] && command -v ip >/dev/null 2>&1; then
  rig=yes
fi
status=0
if [ $rig = yes ]; then
  run dotnet test Shelter.sln --filter "FullyQualifiedName!~Shelter.Cluster.Tests&FullyQualifiedName!~$pcsc" || status=1
  # One rig (one private pcscd) at a time: the station's binding, then the station program against the host.
  run bash ops/pcsc-rig.sh dotnet test tests/Shelter.Station.Tests --filter "FullyQualifiedName~$pcsc" || status=1
  run bash ops/pcsc-rig.sh dotnet test tests/Shelter.Host.Tests --filter "FullyQualifiedName~$pcsc" || status=1
else
  run dotnet test Shelter.sln --filter "FullyQualifiedName!~Shelter.Cluster.Tests" || status=1
fi
run dotnet test tests/Shelter.Cluster.Tests || status=1

# One "Passed!/Failed!  - Failed: a, Passed: b, Skipped: c" line per test assembly.
read -r passed failed skipped < <(grep -E '(Passed|Failed|Skipped)! +- Failed:' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
assemblies=$(grep -cE '(Passed|Failed|Skipped)! +- Failed:' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the runner failed without reporting a failed test (crash, build break): count it
fi
echo "test assemblies: $assemblies"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
