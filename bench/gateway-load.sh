#!/usr/bin/env bash
# Gateway load on loopback with wrk: status reads of a known job and small submissions, each set
# against a trivial Quarkus endpoint (/q/health/live, on the gateway's management port since
# operator endpoints left the public one) measured in the same run, so the ratios hold
# whatever the machine. Not a test: it prints a Markdown table for BENCHMARKS.md ("Gateway").
#
#   bench/gateway-load.sh                      # 20 s per endpoint, 2 threads, 16 connections
#   BENCH_DURATION=30s BENCH_CONNECTIONS=64 bench/gateway-load.sh
#   GATEWAY_URL=http://127.0.0.1:8080 bench/gateway-load.sh   # a stack you started yourself
#   (GATEWAY_MANAGEMENT_URL, default: the same host on the gateway's port + 1000, as ./dev up runs it)
#
# Without GATEWAY_URL it starts its own stack (./dev up on spare ports and a throw-away data
# directory; `mvn -q install -DskipTests` first) with the request-rate and concurrent-job quotas
# lifted (GATEWAY_QUOTAS_RATE_PER_MINUTE, GATEWAY_QUOTAS_MAX_CONCURRENT_JOBS), then stops the
# workers so that only the gateway, Kafka and S3 share the CPU, and takes it all down at the end.
# A stack of your own needs those two variables set when it starts, or submissions hit 429.
# Needs wrk (apt-get install wrk), curl, node and java.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DURATION="${BENCH_DURATION:-20s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
KEY="${BENCH_KEY:-dev-premium-key}"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }

WORK="$(mktemp -d /tmp/headshots-bench-XXXXXX)"
own_stack=0
if [ -z "${GATEWAY_URL:-}" ]; then
  own_stack=1
  export DEV_DATA="$WORK/data"
  export KAFKA_PORT=29092 KAFKA_CONTROLLER_PORT=29093 S3_PORT=29000
  export GATEWAY_PORT=28080 UPSCALER_PORT=28081 GENERATOR_PORT=28082 RETENTION_PORT=28083
  export GATEWAY_QUOTAS_RATE_PER_MINUTE=1000000000 GATEWAY_QUOTAS_MAX_CONCURRENT_JOBS=1000000000
  GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT"
fi
if [ -z "${GATEWAY_MANAGEMENT_URL:-}" ]; then
  GATEWAY_MANAGEMENT_URL="${GATEWAY_URL%:*}:$(( ${GATEWAY_URL##*:} + 1000 ))"
fi
cleanup() {
  [ "$own_stack" = 1 ] && ./dev down >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$own_stack" = 1 ]; then
  ./dev up >/dev/null
  for worker in upscaler-worker generator-worker retention-service; do
    pid="$(cat "$DEV_DATA/pids/$worker.pid" 2>/dev/null || true)"
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 3
fi

java scripts/TestImage.java "$WORK/tiny.png" 32 32
job="$(curl -sf -H "Authorization: Bearer $KEY" -F "image=@$WORK/tiny.png" -F scale=2 -F model=realesrgan-x4fast \
  "$GATEWAY_URL/v1/upscales")"
id="$(printf '%s' "$job" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')"
curl -sf -o /dev/null -H "Authorization: Bearer $KEY" "$GATEWAY_URL/v1/jobs/$id"

# One wrk run; prints "requests/s p50 p99" (latencies in ms) and stops on any non-2xx answer.
run() { # name, then wrk arguments
  local name="$1" out; shift
  wrk -d 3s -t "$THREADS" -c "$CONNECTIONS" "$@" >/dev/null 2>&1 # warm-up
  out="$(wrk -d "$DURATION" -t "$THREADS" -c "$CONNECTIONS" --latency "$@")"
  printf '%s\n' "$out" > "$WORK/$name.txt"
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "$name: some answers were not 2xx:" >&2; printf '%s\n' "$out" >&2; exit 1
  fi
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }' <<<"$out"
}

AUTH=(-H "Authorization: Bearer $KEY")
read -r base_rps base_p50 base_p99 < <(run baseline "$GATEWAY_MANAGEMENT_URL/q/health/live")
read -r status_rps status_p50 status_p99 < <(run status "${AUTH[@]}" "$GATEWAY_URL/v1/jobs/$id")
read -r base2_rps base2_p50 base2_p99 < <(run baseline-again "$GATEWAY_MANAGEMENT_URL/q/health/live")
read -r submit_rps submit_p50 submit_p99 < <(BENCH_IMAGE="$WORK/tiny.png" BENCH_KEY="$KEY" \
  run submit -s bench/gateway-upscale.lua "$GATEWAY_URL/v1/upscales")
read -r base3_rps base3_p50 base3_p99 < <(run baseline-last "$GATEWAY_MANAGEMENT_URL/q/health/live")

# Each endpoint against the mean of the baselines measured just before and after it.
ratio() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { printf "%.3f", 2 * a / (b + c) }'; }
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $(nproc) cores, $(uname -m); load average at the end:$(cut -d' ' -f1-3 /proc/loadavg | sed 's/^/ /'); job $id"
echo
echo "| endpoint | requests/s | p50 ms | p99 ms | vs /q/health/live |"
echo "|---|---:|---:|---:|---:|"
echo "| \`GET /q/health/live\` (baseline: 1st / 2nd / 3rd run) | $base_rps / $base2_rps / $base3_rps | $base_p50 / $base2_p50 / $base3_p50 | $base_p99 / $base2_p99 / $base3_p99 | 1 |"
echo "| \`GET /v1/jobs/{id}\` (known job; between runs 1 and 2) | $status_rps | $status_p50 | $status_p99 | $(ratio "$status_rps" "$base_rps" "$base2_rps") |"
echo "| \`POST /v1/upscales\` (32x32 PNG; between runs 2 and 3) | $submit_rps | $submit_p50 | $submit_p99 | $(ratio "$submit_rps" "$base2_rps" "$base3_rps") |"
