#!/bin/sh
# CTest fixture: one real PostgreSQL for every test process of a ctest run (each test process
# would otherwise initdb its own). `start DIR` writes DIR/port; `stop DIR` stops it by its pid
# file. Loopback only. Test binaries run outside ctest start their own server instead.
set -eu
cmd=$1
dir=$2
bin=
for v in 17 16 15 14 13; do
  if [ -x /usr/lib/postgresql/$v/bin/initdb ]; then bin=/usr/lib/postgresql/$v/bin; break; fi
done
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (install postgresql)" >&2; exit 1; }
as=""
if [ "$(id -u)" = 0 ]; then as="runuser -u postgres --"; fi
case "$cmd" in
  start)
    if [ -f "$dir/data/postmaster.pid" ]; then $as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 755 "$dir"
    if [ -n "$as" ]; then chown postgres:postgres "$dir"; fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    $as "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=trust -E UTF8 \
        --locale=C.UTF-8 --no-sync >/dev/null
    $as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null
    echo "$port" > "$dir/port.tmp" && mv "$dir/port.tmp" "$dir/port"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then $as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
    rm -rf "$dir"
    ;;
esac
