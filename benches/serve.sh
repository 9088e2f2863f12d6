#!/usr/bin/env bash
# Serving benchmark (issue 10): the real `disclose serve` against a ceiling server that answers
# the same paths with the same bytes from memory (examples/ceiling.rs), both driven by wrk with
# the same load. Prints per path: req/s and p99 of each, and the ratio disclose / ceiling; then
# acknowledged POSTs/s with 16 clients and the server's peak RSS. Each path is run ROUNDS times
# on each server, in turn, and the best run of each is kept: on a shared 2-core machine a run is
# only ever slowed by what else happens, and the ratio of two single runs moved by ±0.05.
#
#   benches/serve.sh            # DURATION=3 (seconds per run), ROUNDS=3, CONNECTIONS=32
#   BIN=DIR benches/serve.sh    # binaries `disclose` and `ceiling` from DIR (e.g. an older build)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-3}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
if [ -z "${BIN:-}" ]; then
  cargo build -q --release --locked --bin disclose --example ceiling
  BIN=${CARGO_TARGET_DIR:-target}/release
  cp "$BIN/examples/ceiling" "$BIN/ceiling"
fi
TMP=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

DP=$(port); CP=$(port)
D=http://127.0.0.1:$DP C=http://127.0.0.1:$CP
"$BIN/disclose" serve --data "$TMP/data" --site "$TMP/site" --bind "127.0.0.1:$DP" >"$TMP/out" 2>"$TMP/log" &
DPID=$!; PIDS+=("$DPID")
wait_up "$D/api/v1/healthz"
TOKEN=$(grep -o 'dsc_[0-9a-zA-Z_]*' "$TMP/out" | head -1)

API=/api/v1/units/quwo-eco-env/years/2021
PATHS=("$API" "$API/revisions/1" /quwo-eco-env/2021/ /quwo-eco-env/2021/r1/ /quwo-eco-env/2021/r1/snapshot.json
  /quwo-eco-env/2021/r1/budget.csv)
AE='Accept-Encoding: gzip, br'

# The ceiling's table: each path's identity body and the encoded body disclose sends for $AE.
mkdir "$TMP/bodies"
i=0
for path in "${PATHS[@]}"; do
  for enc in identity encoded; do
    i=$((i + 1)); file=$TMP/bodies/$i
    if [ $enc = identity ]; then h=(); else h=(-H "$AE"); fi
    curl -sf "${h[@]}" -D "$file.h" -o "$file" "$D$path"
    header() { { grep -i "^$1:" "$file.h" || true; } | head -1 | cut -d' ' -f2- | tr -d '\r'; }
    coding=$(header content-encoding); coding=${coding:-identity}
    if [ $enc = encoded ] && [ "$coding" = identity ]; then continue; fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$path" "$coding" "$(header content-type)" "$(header etag)" "$file" >>"$TMP/spec"
  done
done
"$BIN/ceiling" "127.0.0.1:$CP" "$TMP/spec" 2>/dev/null &
PIDS+=($!)
wait_up "$C$API"
ETAG=$(curl -sf -D - -o /dev/null "$D$API" | grep -i '^etag:' | cut -d' ' -f2- | tr -d '\r')
PAGE_ETAG=$(curl -sf -D - -o /dev/null "$D/quwo-eco-env/2021/r1/" | grep -i '^etag:' | cut -d' ' -f2- | tr -d '\r')

# run URL [HEADER]: "req/s p99_ms"
run() {
  local out
  if [ $# -gt 1 ]; then out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$2" "$1"); else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1"); fi
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "$rps $p99 ${errors:-0}"
}

printf '%-44s %-10s %11s %8s %11s %8s %6s\n' path headers "disclose/s" "p99 ms" "ceiling/s" "p99 ms" ratio
bench() { # label path [header]: the best of ROUNDS runs of each, taken in turn
  local label=$1 path=$2; shift 2
  local drps=0 dp99 derr=0 crps=0 cp99 r rps p99 err
  for _ in $(seq "$ROUNDS"); do
    read -r rps p99 err < <(run "$D$path" "$@")
    derr=$((derr + err))
    if awk -v a="$rps" -v b="$drps" 'BEGIN {exit !(a > b)}'; then drps=$rps dp99=$p99; fi
    read -r rps p99 _ < <(run "$C$path" "$@")
    if awk -v a="$rps" -v b="$crps" 'BEGIN {exit !(a > b)}'; then crps=$rps cp99=$p99; fi
  done
  local ratio; ratio=$(awk -v a="$drps" -v b="$crps" 'BEGIN {printf "%.2f", a / b}')
  printf '%-44s %-10s %11.0f %8s %11.0f %8s %6s%s\n' "$path" "$label" "$drps" "$dp99" "$crps" "$cp99" "$ratio" \
    "$([ "$derr" != 0 ] && echo "  ($derr non-2xx/3xx)")"
}
for path in "${PATHS[@]}"; do
  bench - "$path"
  bench "gzip, br" "$path" "$AE"
done
bench "INM 304" "$API" "If-None-Match: $ETAG"
bench "INM 304" /quwo-eco-env/2021/r1/ "If-None-Match: $PAGE_ETAG"

# Writes: acknowledged (201) POSTs per second with 16 clients, each durable before its answer.
out=$(POST_BODY=examples/quwo-2021.json POST_TOKEN=$TOKEN wrk -t2 -c16 -d"${DURATION}s" --latency \
  -s benches/post.lua "$D$API/revisions")
posts=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
bad=$(awk '/Non-2xx/ {print $5}' <<<"$out")
p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
echo "POST $API/revisions, 16 clients: $posts/s, p99 $p99, ${bad:-0} not acknowledged"
echo "disclose peak RSS (VmHWM): $(awk '/VmHWM/ {print $2, $3}' /proc/$DPID/status)"
