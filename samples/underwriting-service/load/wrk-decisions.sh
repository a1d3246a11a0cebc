#!/usr/bin/env bash
# Load test of the running service over HTTP with wrk: POST /v1/decisions at fixed request rates
# (paced per connection, see decisions.lua), then as fast as it answers, each run beside the
# in-process time of the same decisions (Decider.decide, from /actuator/latency, reset before
# each run), so that what HTTP, Tomcat and JSON add is visible. Starts the service with run.sh
# (URL=http://host:port to test one already running), installs wrk with apt-get when missing, and
# sends traffic to this machine only. Prints a Markdown table; raw output in target/load-test/.
#
#   samples/underwriting-service/load/wrk-decisions.sh
#   RATES="1000 4000" DURATION=60s CONNECTIONS=32 samples/underwriting-service/load/wrk-decisions.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE="$(cd "$HERE/.." && pwd)"
PORT="${PORT:-18080}"
RATES="${RATES:-500 1000 2000}"
DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-20s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-1}"
OUT="$MODULE/target/load-test"
mkdir -p "$OUT"

if ! command -v wrk >/dev/null; then
  echo "wrk-decisions: installing wrk (Debian package)" >&2
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi

SERVICE_PID=""
if [[ -z "${URL:-}" ]]; then
  URL="http://127.0.0.1:$PORT"
  "$MODULE/run.sh" --server.port="$PORT" > "$OUT/service.log" 2>&1 &
  SERVICE_PID=$!
  trap '[[ -n "$SERVICE_PID" ]] && kill "$SERVICE_PID" 2>/dev/null; wait "$SERVICE_PID" 2>/dev/null || true' EXIT
  echo "wrk-decisions: starting the service (pid $SERVICE_PID, log $OUT/service.log)" >&2
  for _ in $(seq 1 300); do
    curl -fs "$URL/v2/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service exited; see $OUT/service.log" >&2; exit 1; }
    sleep 1
  done
fi
curl -fs "$URL/v2/health/ready" >/dev/null || { echo "no ready service at $URL" >&2; exit 1; }

run() { # label rate
  curl -fs -X DELETE "$URL/actuator/latency" >/dev/null
  RATE="$2" CONNECTIONS="$CONNECTIONS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s "$HERE/decisions.lua" "$URL" > "$OUT/wrk-$1.txt"
  local inproc; inproc="$(curl -fs "$URL/actuator/latency")"
  local wrk_line; wrk_line="$(grep '^RESULT' "$OUT/wrk-$1.txt")"
  field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$wrk_line"; }
  json() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" <<<"$inproc"; }
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(field rps)" \
    "$(field p50_us)" "$(field p90_us)" "$(field p99_us)" "$(field p999_us)" \
    "$(json p50Micros)" "$(json p99Micros)" "$(json p999Micros)" \
    "$(( $(field non2xx) + $(field socket_errors) ))"
}

echo "wrk-decisions: warming up for $WARMUP" >&2
RATE=0 CONNECTIONS="$CONNECTIONS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" \
  -s "$HERE/decisions.lua" "$URL" > "$OUT/wrk-warmup.txt"

echo "wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores shared by wrk and the service"
echo
echo "| target rate (req/s) | achieved req/s | HTTP p50 µs | HTTP p90 µs | HTTP p99 µs | HTTP p99.9 µs | in-process decide p50 µs | p99 µs | p99.9 µs | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for rate in $RATES; do
  run "$rate" "$rate"
done
run "max" 0
