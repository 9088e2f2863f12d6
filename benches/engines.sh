#!/usr/bin/env bash
# Store engines (issue 12): the same load on `disclose serve` over sled and over PostgreSQL, on
# this machine, driven by wrk. Per engine: acknowledged (201) POSTs/s of the sample report to one
# unit-year with 16 clients (each durable before its answer), and GETs/s of that snapshot with
# 32 connections; then PostgreSQL with three processes sharing the database (the 16 clients
# spread over them). Prints each figure and its ratio to sled's.
#
#   benches/engines.sh                     # DURATION=5 s per run
#   PG=postgres://user:pw@host/db benches/engines.sh   # a database whose user may CREATE DATABASE
#   BIN=DIR benches/engines.sh             # the `disclose` binary from DIR
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-5}
PG=${PG:-${DISCLOSE_TEST_POSTGRES:-postgres://disclose:disclose@localhost/disclose_test}}
if [ -z "${BIN:-}" ]; then
  cargo build -q --release --locked --bin disclose
  BIN=${CARGO_TARGET_DIR:-target}/release
fi
TMP=$(mktemp -d)
DB=disclose_bench_$$
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$PG" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
psql -q "$PG" -c "CREATE DATABASE $DB" >/dev/null
BENCH_URL=${PG%/*}/$DB


port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

# serve NAME ARGS...: starts a server; its address in ADDRESS (not a subshell: PIDS must grow here).
serve() {
  local name=$1 p; shift
  p=$(port)
  "$BIN/disclose" serve --site "$TMP/site-$name" --bind "127.0.0.1:$p" "$@" >"$TMP/out-$name" 2>"$TMP/log-$name" &
  PIDS+=($!)
  ADDRESS=http://127.0.0.1:$p
  wait_up "$ADDRESS/api/v1/healthz"
}

API=/api/v1/units/quwo-eco-env/years/2021
rps() { awk '/Requests\/sec/ {print $2}'; }
posts() { # CONNECTIONS@ADDRESS...: acknowledged POSTs/s summed over the addresses
  local total=0 pids=() i=0
  for target in "$@"; do
    local c=${target%%@*} address=${target#*@}
    i=$((i + 1))
    POST_BODY=examples/quwo-2021.json POST_TOKEN=$TOKEN wrk -t1 -c"$c" -d"${DURATION}s" -s benches/post.lua \
      "$address$API/revisions" >"$TMP/wrk-$i" &
    pids+=($!)
  done
  wait "${pids[@]}"
  for j in $(seq "$i"); do
    if grep -q Non-2xx "$TMP/wrk-$j"; then echo "not acknowledged: $(grep Non-2xx "$TMP/wrk-$j")" >&2; exit 1; fi
    total=$(awk -v t="$total" -v r="$(rps <"$TMP/wrk-$j")" 'BEGIN {print t + r}')
  done
  echo "$total"
}
gets() { wrk -t2 -c32 -d"${DURATION}s" "$1$API" | rps; }

printf '%-28s %12s %8s %12s %8s\n' engine "POST 201/s" ratio "GET/s" ratio
row() { # label posts gets
  printf '%-28s %12.0f %8.2f %12.0f %8.2f\n' "$1" "$2" "$(awk -v a="$2" -v b="$SLED_POSTS" 'BEGIN {print a / b}')" \
    "$3" "$(awk -v a="$3" -v b="$SLED_GETS" 'BEGIN {print a / b}')"
}

serve sled --data "$TMP/data"; A=$ADDRESS
TOKEN=$(grep -o 'dsc_[0-9a-zA-Z_]*' "$TMP/out-sled" | head -1)
SLED_POSTS=$(posts "16@$A")
SLED_GETS=$(gets "$A")
row "sled, 1 process" "$SLED_POSTS" "$SLED_GETS"
kill "${PIDS[@]}"; wait 2>/dev/null || true; PIDS=()

serve pg1 --store "$BENCH_URL"; A=$ADDRESS
TOKEN=$(grep -o 'dsc_[0-9a-zA-Z_]*' "$TMP/out-pg1" | head -1)
row "postgres, 1 process" "$(posts "16@$A")" "$(gets "$A")"
serve pg2 --store "$BENCH_URL"; B=$ADDRESS
serve pg3 --store "$BENCH_URL"; C=$ADDRESS
row "postgres, 3 processes" "$(posts "6@$A" "5@$B" "5@$C")" "$(gets "$B")"
