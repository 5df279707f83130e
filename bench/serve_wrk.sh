#!/usr/bin/env bash
# Dashboard and API throughput (docs/benchmarks.md, "Dashboard and API"): generates a store with
# FINDINGS findings (bench_serve_gen, the store benchmark's generator), starts `vulnscope serve`
# on 127.0.0.1, logs in (session cookie) and creates an API token, then runs wrk against the
# findings page and /api/v1/findings and reads serve's peak resident memory (VmHWM).
#   bench/serve_wrk.sh [BUILD_DIR] [FINDINGS]      (a Release build with -DVS_BUILD_BENCH=ON)
# Env: VS_BENCH_DB (reuse a generated store), WRK_THREADS / WRK_CONNECTIONS / WRK_SECONDS,
# VS_SERVE_ARGS (extra `serve` options, e.g. "--threads 32").
# Besides wrk's numbers, prints serve's CPU time per request over each run: the figure to
# compare on a machine shared with other work, where requests/s moves with the load.
set -euo pipefail
BUILD=$(cd "${1:-build}" && pwd)
N=${2:-1000000}
VS=$BUILD/src/cli/vulnscope
GEN=$BUILD/bench/bench_serve_gen
T=${WRK_THREADS:-2}
C=${WRK_CONNECTIONS:-16}
D=${WRK_SECONDS:-20}
W=$(mktemp -d /tmp/vs-serve-wrk.XXXXXX)
DB=${VS_BENCH_DB:-$W/store.db}
PID=
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$W"
}
trap cleanup EXIT

echo "== store: $N findings in $DB"
"$GEN" "$DB" "$N"
echo "bench-password-123" | "$VS" --db "$DB" user add wrk --role admin --password-stdin 2>/dev/null ||
  echo "bench-password-123" | "$VS" --db "$DB" user passwd wrk --password-stdin
# A fresh token name per run: a revoked token keeps its name, so a reused store (VS_BENCH_DB)
# could not create "wrk" again.
TOKEN=$("$VS" --db "$DB" token create --name "wrk-$(date +%s)-$$" --role admin)

PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
# shellcheck disable=SC2086  # VS_SERVE_ARGS is a list of options.
"$VS" --db "$DB" serve --listen "127.0.0.1:$PORT" ${VS_SERVE_ARGS:-} >"$W/serve.log" 2>&1 &
PID=$!
for _ in $(seq 300); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "$BASE/healthz" >/dev/null

# Session: the login form's CSRF token and pre-login cookie, then the session cookie.
curl -s -c "$W/jar" -b "$W/jar" "$BASE/login" -o "$W/login.html"
CSRF=$(grep -o 'name="csrf_token" value="[^"]*"' "$W/login.html" | head -1 | sed 's/.*value="//;s/"$//')
curl -s -c "$W/jar" -b "$W/jar" -o /dev/null --data-urlencode "csrf_token=$CSRF" \
  --data-urlencode "username=wrk" --data-urlencode "password=bench-password-123" "$BASE/login"
COOKIE=$(awk '$0 !~ /^#/ || $0 ~ /^#HttpOnly_/ { if (NF >= 7 && $6 != "vs_login") printf "%s=%s; ", $6, $7 }' "$W/jar")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/findings")
[ "$code" = 200 ] || { echo "session login failed ($code)"; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/findings")
[ "$code" = 200 ] || { echo "token failed ($code)"; exit 1; }

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }  # serve's user + system time.
TICK=$(getconf CLK_TCK)
run() {  # name, url, header
  echo "== $1: wrk -t$T -c$C -d${D}s --latency $2"
  wrk -t"$T" -c"$C" -d2s -H "$3" "$2" >/dev/null  # Warm-up (page cache, statements).
  local before after n
  before=$(cpu_ticks)
  wrk -t"$T" -c"$C" -d"${D}s" --latency -H "$3" "$2" | tee "$W/$1.txt"
  after=$(cpu_ticks)
  # The primary metric on a shared machine: serve's CPU time per request served.
  n=$(awk '/requests in/ { print $1 }' "$W/$1.txt")
  awk -v t=$((after - before)) -v hz="$TICK" -v n="$n" \
    'BEGIN { printf "serve CPU: %.1f s for %d requests = %.3f CPU-ms/request\n", t / hz, n, 1000 * t / hz / n }'
  curl -s -o /dev/null -w 'response: %{size_download} bytes\n' -H "$3" "$2"
}
run findings_page "$BASE/findings" "Cookie: $COOKIE"
run api_findings "$BASE/api/v1/findings" "Authorization: Bearer $TOKEN"
run api_findings_filtered "$BASE/api/v1/findings?severity=critical&exploit=kev" \
  "Authorization: Bearer $TOKEN"
echo "== serve peak resident memory: $(grep VmHWM /proc/$PID/status)"
grep -c ' 200 ' "$W/serve.log" | sed 's/^/access log lines with 200: /'
