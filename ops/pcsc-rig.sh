#!/usr/bin/env bash
# Runs a command beside a private pcscd, for the station's PC/SC tests: a mount namespace of its own with a tmpfs on
# /run/pcscd, so the test's pcscd neither meets nor disturbs one the machine runs, and a network namespace of its own
# with only loopback up, so vpcd's ports (it listens on every interface) can be reached from inside it alone. The
# tests start pcscd themselves (tests/Shelter.Station.Tests/PcscdRig.cs) with a config holding only a vpcd reader.
# vpcd's reversed mode (pcscd connecting out to the card) cannot show a card taken away: vpcd 3.3 aborts pcscd when
# the card's connection closes. Needs Debian's pcscd, vsmartcard-vpcd and iproute2, and root or user namespaces.
#   ops/pcsc-rig.sh dotnet test tests/Shelter.Station.Tests
set -euo pipefail
pcscd=$(command -v pcscd 2>/dev/null || echo /usr/sbin/pcscd)
[ -x "$pcscd" ] || { echo "pcscd not found (apt-get install pcscd)" >&2; exit 1; }
[ -f /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] || { echo "vpcd driver not found (apt-get install vsmartcard-vpcd)" >&2; exit 1; }
[ $# -gt 0 ] || { echo "usage: ops/pcsc-rig.sh COMMAND [ARGS...]" >&2; exit 2; }
namespace=(unshare --mount --net --propagation private)
[ "$(id -u)" = 0 ] || namespace=(unshare --user --map-root-user --mount --net --propagation private)
mkdir -p /run/pcscd 2>/dev/null || true
exec "${namespace[@]}" bash -c 'ip link set lo up && mount -t tmpfs -o mode=0755 tmpfs /run/pcscd && SHELTER_TEST_PCSCD="$0" exec "$@"' "$pcscd" "$@"
