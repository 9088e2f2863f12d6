#!/usr/bin/env bash
# CPU time the server spends per request, for A/B comparisons of small changes: on a shared
# 2-core machine throughput moves by ±10 % between runs, the server's CPU time per answer by
# about 2 %. Each binary serves a fresh store with the examples in turn, ROUNDS times; wrk drives
# one path for DURATION seconds and the server's user + system time (from /proc) is divided by
# the requests answered.
#
#   benches/cpu.sh OLD_BINARY NEW_BINARY                 # the API's 304 by default
#   URL_PATH=/quwo-eco-env/2021/r1/budget.csv INM=no benches/cpu.sh A B
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-4}
ROUNDS=${ROUNDS:-3}
URL_PATH=${URL_PATH:-/api/v1/units/quwo-eco-env/years/2021}
TMP=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

for round in $(seq "$ROUNDS"); do
  for bin in "$@"; do
    rm -rf "$TMP/data" "$TMP/site"
    P=$(port); U=http://127.0.0.1:$P$URL_PATH
    "$bin" serve --data "$TMP/data" --site "$TMP/site" --bind "127.0.0.1:$P" >/dev/null 2>"$TMP/log" &
    PID=$!
    for _ in $(seq 300); do curl -sf -o /dev/null "$U" && break; sleep 0.1; done
    H=()
    if [ "${INM:-yes}" = yes ]; then
      H=(-H "If-None-Match: $(curl -sf -D - -o /dev/null "$U" | grep -i '^etag:' | cut -d' ' -f2- | tr -d '\r')")
    fi
    wrk -t2 -c32 -d1s "${H[@]}" "$U" >/dev/null
    t0=$(ticks "$PID")
    requests=$(wrk -t2 -c32 -d"${DURATION}s" "${H[@]}" "$U" | awk '/requests in/ {print $1}')
    t1=$(ticks "$PID")
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
    hz=$(getconf CLK_TCK)
    awk -v b="$bin" -v r="$round" -v t=$((t1 - t0)) -v n="$requests" -v hz="$hz" \
      'BEGIN {printf "round %d  %-40s %9d requests  %6.2f µs of CPU each\n", r, b, n, t * 1e6 / hz / n}'
  done
done
