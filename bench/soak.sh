#!/usr/bin/env bash
# Soak (BENCHMARKS.md "Soak"): a few thousand tiny fast-model upscales through the stack with TWO
# upscaler workers in one consumer group; one worker is killed with SIGKILL mid-run and restarted
# some seconds later. At the end: every job succeeded, and none twice (no task with two different
# task_succeeded events on jobs.events, no S3 object beyond the expected ones under any job prefix).
#
#   bench/soak.sh                       # 2000 jobs, 4 submitting clients, 1 kill at 1/2, down 10 s
#   bench/soak.sh --jobs 300 --kills 2 --down-s 8 --clients 4
#
# Starts its own Kafka, S3Proxy, gateway and two workers on ports 28080/28081/28084/29000/29092
# (BENCH_*_PORT to move them) and stops all of it on exit. Workers run with the system-tests'
# settings (README of system-tests): one ONNX thread each, Kafka session 6 s / heartbeat 1 s (so a
# killed member leaves the group in seconds, not 45 s), S3 retry backoff capped at 2 s.
# Exit status 0 only when there were no violations.
set -euo pipefail
JOBS=2000; CLIENTS=4; KILLS=1; DOWN_S=10; TIMEOUT_MIN=40
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) JOBS="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --kills) KILLS="$2"; shift 2 ;;
    --down-s) DOWN_S="$2"; shift 2 ;;
    --timeout-min) TIMEOUT_MIN="$2"; shift 2 ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
bench_init soak
W1_PORT="$BENCH_WORKER_PORT"; W2_PORT=$((BENCH_WORKER_PORT + 3))
bench_port_open "$W2_PORT" && bench_die "port $W2_PORT is taken"
WORKER_OPTS=(-Dupscaler.intra-op-threads=1
  -Dheadshots.queue.lock-duration=PT3S
  -Dupscaler.retry.max-backoff=PT2S)
start_worker() { # 1|2
  local port; [ "$1" = 1 ] && port="$W1_PORT" || port="$W2_PORT"
  bench_start_service "upscaler-worker-$1" upscaler-worker "$port" 3g "${WORKER_OPTS[@]}"
}

bench_say "stack: Kafka :$BENCH_KAFKA_PORT, S3 :$BENCH_S3_PORT, gateway :$BENCH_GATEWAY_PORT, workers :$W1_PORT :$W2_PORT (logs: $BENCH_WORK/logs)"
bench_start_infra
bench_start_service api-gateway api-gateway "$BENCH_GATEWAY_PORT" 512m
start_worker 1
start_worker 2
bench_await_ready api-gateway "$BENCH_GATEWAY_PORT" 180
bench_await_ready upscaler-worker-1 "$W1_PORT" 180
bench_await_ready upscaler-worker-2 "$W2_PORT" 180
load_before="$(bench_load)"
bench_say "ready; load average $load_before"

PROGRESS="$BENCH_WORK/progress"
echo 0 > "$PROGRESS"
java ${BENCH_HARNESS_OPTS:--Xmx1g} -Dbench.component=harness -cp "$BENCH_CP" io.headshots.systemtests.bench.SoakBench \
  --gateway "http://127.0.0.1:$BENCH_GATEWAY_PORT" --kafka "127.0.0.1:$BENCH_KAFKA_PORT" \
  --s3 "http://127.0.0.1:$BENCH_S3_PORT" --jobs "$JOBS" --clients "$CLIENTS" --progress "$PROGRESS" \
  --timeout-min "$TIMEOUT_MIN" --workers "http://127.0.0.1:$W1_PORT,http://127.0.0.1:$W2_PORT" &
HARNESS=$!
bench_track harness "$HARNESS"

# The kills: the k-th when k/(KILLS+1) of the jobs are done, alternating workers 2, 1, 2, ...
kills_done=0; kill_log=()
for k in $(seq 1 "$KILLS"); do
  target=$((JOBS * k / (KILLS + 1)))
  while kill -0 "$HARNESS" 2>/dev/null && [ "$(cat "$PROGRESS" 2>/dev/null || echo 0)" -lt "$target" ]; do sleep 0.2; done
  kill -0 "$HARNESS" 2>/dev/null || break
  victim=$(( k % 2 == 1 ? 2 : 1 ))
  done_now="$(cat "$PROGRESS")"
  bench_say "kill -9 upscaler-worker-$victim (pid ${BENCH_PID_OF[upscaler-worker-$victim]}) at $done_now/$JOBS jobs done"
  bench_crash "upscaler-worker-$victim"
  sleep "$DOWN_S"
  bench_say "restarting upscaler-worker-$victim"
  start_worker "$victim"
  bench_await_ready "upscaler-worker-$victim" "$([ "$victim" = 1 ] && echo "$W1_PORT" || echo "$W2_PORT")" 180
  bench_say "upscaler-worker-$victim ready again"
  kills_done=$((kills_done + 1))
  kill_log+=("worker-$victim at $done_now/$JOBS, down ${DOWN_S} s + start-up")
done
rc=0
wait "$HARNESS" || rc=$?
kills_text="$(IFS=';'; echo "${kill_log[*]:-none}")"
echo "kills: $kills_done (${kills_text//;/; }); load average before: $load_before; $(nproc) cores; $(uptime)"
exit "$rc"
