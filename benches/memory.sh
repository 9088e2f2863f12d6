#!/usr/bin/env bash
# Memory (issue 10): the server's resident memory after 10,000 revisions of the sample 2021
# report (POSTed by 16 clients) and at its peak under read load over all of them (random
# revisions, the latest, the site's pages, the revision list by pages).
#
#   benches/memory.sh                  # CACHE_MB (--cache-mb, default 64), COUNT=10000, DURATION=10
#   BIN=DIR benches/memory.sh          # `disclose` from DIR (e.g. an older build)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-10000}
DURATION=${DURATION:-10}
if [ -z "${BIN:-}" ]; then
  cargo build -q --release --locked --bin disclose
  BIN=${CARGO_TARGET_DIR:-target}/release
fi
TMP=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
D=http://127.0.0.1:$PORT
[ -n "${CACHE_MB:-}" ] && export DISCLOSE_CACHE_MB=$CACHE_MB
"$BIN/disclose" serve --data "$TMP/data" --site "$TMP/site" --bind "127.0.0.1:$PORT" >"$TMP/out" 2>/dev/null &
PID=$!
for _ in $(seq 300); do curl -sf -o /dev/null "$D/api/v1/healthz" && break; sleep 0.1; done
TOKEN=$(grep -o 'dsc_[0-9a-zA-Z_]*' "$TMP/out" | head -1)
mem() { awk '/VmRSS|VmHWM/ {printf "%s %d MB  ", $1, $2 / 1024}' "/proc/$PID/status"; echo; }
echo "started (cache ${CACHE_MB:-default} MB): $(mem)"

API=/api/v1/units/quwo-eco-env/years/2021
started=$(date +%s.%N)
# 16 clients, each on one kept-alive connection, COUNT acknowledged POSTs in all.
python3 - "$PORT" "$API/revisions" "$TOKEN" "$COUNT" <<'PY'
import http.client, sys, threading
port, path, token, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
body = open("examples/quwo-2021.json", "rb").read()
headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}
def client(n):
    connection = http.client.HTTPConnection("127.0.0.1", int(port))
    for _ in range(n):
        connection.request("POST", path, body, headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 201, response.status
threads = [threading.Thread(target=client, args=(count // 16 + (i < count % 16),)) for i in range(16)]
for t in threads: t.start()
for t in threads: t.join()
PY
latest=$(curl -sf -D - -o /dev/null "$D$API" | awk -F': ' 'tolower($1) == "x-revision" {print $2}' | tr -d '\r')
echo "after $latest revisions ($(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.0f", e - s}') s): $(mem)"

REV_PATH=$API/revisions/ REV_MAX=$latest wrk -t2 -c32 -d"${DURATION}s" -s benches/random_revision.lua "$D" >/dev/null
echo "after ${DURATION} s of random revisions: $(mem)"
for path in "$API" /quwo-eco-env/2021/ /quwo-eco-env/2021/r1/ "$API/revisions?limit=1000&after=5000"; do
  wrk -t2 -c32 -d"${DURATION}s" "$D$path" >/dev/null
done
echo "after ${DURATION} s each of the latest, two pages and a page of the revision list: $(mem)"
