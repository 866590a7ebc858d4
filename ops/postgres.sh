#!/usr/bin/env bash
# A throw-away PostgreSQL on loopback for the tests: `ops/postgres.sh start DIR` prints the connection string to use as
# SHELTER_TEST_POSTGRES; `ops/postgres.sh stop DIR` stops it. Needs Debian's postgresql package (server binaries).
set -euo pipefail
action=${1:?start|stop}
dir=${2:?data directory}
port=${PGPORT_TEST:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; chmod a+x "$(dirname "$dir")"; fi
    as_pg "$bin/initdb" -D "$dir/data" -U shelter --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300 -c fsync=on" start >/dev/null
    echo "Host=127.0.0.1;Port=$port;Username=shelter;Database=postgres;Maximum Pool Size=40"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
