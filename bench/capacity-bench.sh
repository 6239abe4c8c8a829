#!/usr/bin/env bash
# Capacity (not a timed test): the makespan of one batch of 48 headshot outputs with W = 1, 2, 4, 8
# and 12 generator workers on 4-partition work topics, against the ideal ceil(48 / W) x task time,
# and the pipeline overhead per task (makespan at W=1 / 48 - task time) against a bare Kafka + S3
# floor measured in the same run. Prints a Markdown table (CapacityBench, --mode report).
#
#   bench/capacity-bench.sh                                      # W = 1,2,4,8,12; 48 outputs; hold PT2S
#   bench/capacity-bench.sh --workers 1,2 --outputs 6 --hold PT1S # a smoke
#   bench/capacity-bench.sh --route premium-job                  # one premium job of 48 (generation stage)
#
# THE WORKERS RUN THE capacity-test ENGINE, NOT A MODEL: each task is held for --hold (reporting
# progress, honouring cancellation) and gets a synthetic, deterministic 1024x1024 image; no face is
# looked for, no identity is checked. That is what lets 12 workers share a 2-core machine. The engine
# is chosen by configuration only (GENERATOR_ENGINE=capacity-test) and refused by the production
# profile, so the workers run with -Dquarkus.profile=bench (the gateway in its usual prod profile).
#
# Routes to 48 outputs (--route): the gateway's tiers are fixed (free: at most 3 headshots a job;
# premium: up to 50, each followed by an upscale), so
#   free-jobs   (default) 16 free-tier jobs of 3 outputs, submitted at once, lane jobs.generate;
#               done = every task_succeeded seen on jobs.events, every job succeeded at the gateway;
#   premium-job ONE premium job of 48 outputs, lane jobs.generate.premium; done = every output handed
#               on to its upscale by a generator (no upscaler runs; the job is deleted afterwards).
#
# Workers are scaled up incrementally, never restarted: for each W (ascending) the missing workers
# are started (each its own JVM and port), awaited ready, given --settle-s to join the share group,
# then a warm-up of 8 x W outputs (--warmup N; premium jobs of --outputs each, in turn) runs before the measured batch. Topics are created with
# --partitions (4) partitions on a fresh broker data directory (HEADSHOTS_TOPICS_PARTITIONS for every
# service), and the harness checks the broker has them so.
#
# Options: --workers 1,2,4,8,12  --outputs 48  --hold PT2S  --route free-jobs|premium-job  --warmup 8xW
#          --partitions 4  --settle-s 5  --worker-heap 192m  --floor-samples 20
# Environment: HEADSHOTS_QUEUE_LOCK_DURATION (PT30S), HEADSHOTS_QUEUE_IDLE_POLL (PT0.05S) reach the
# workers when set; BENCH_WORKER_JVM_OPTS replaces the workers' JVM options (default below);
# BENCH_*_PORT as in bench/lib/stack.sh (worker k > 1 listens on BENCH_WORKER_PORT + k + 1).
# Needs `mvn -q -o install -DskipTests -pl api-gateway,generator-worker,system-tests -am` done
# (the packaged gateway and generator worker). No models are needed.
set -euo pipefail
WORKERS_LIST=1,2,4,8,12; OUTPUTS=48; HOLD=PT2S; ROUTE=free-jobs; PARTITIONS=4; SETTLE_S=5
WORKER_HEAP=192m; FLOOR_SAMPLES=20; WARMUP=
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) WORKERS_LIST="$2"; shift 2 ;;
    --outputs) OUTPUTS="$2"; shift 2 ;;
    --hold) HOLD="$2"; shift 2 ;;
    --route) ROUTE="$2"; shift 2 ;;
    --partitions) PARTITIONS="$2"; shift 2 ;;
    --settle-s) SETTLE_S="$2"; shift 2 ;;
    --worker-heap) WORKER_HEAP="$2"; shift 2 ;;
    --floor-samples) FLOOR_SAMPLES="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
case "$ROUTE" in free-jobs|premium-job) ;; *) echo "--route is free-jobs or premium-job" >&2; exit 2 ;; esac
[[ "$OUTPUTS" =~ ^[1-9][0-9]*$ ]] || { echo "--outputs must be a positive whole number" >&2; exit 2; }
mapfile -t WS < <(tr ',' '\n' <<<"$WORKERS_LIST" | sed '/^ *$/d' | sort -n | uniq)
for w in "${WS[@]}"; do [[ "$w" =~ ^[1-9][0-9]*$ ]] || { echo "--workers: '$w' is not a positive number" >&2; exit 2; }; done
MAX_W="${WS[-1]}"

source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
BENCH_APPS="api-gateway generator-worker" bench_init capacity-bench

worker_port() { if [ "$1" = 1 ]; then echo "$BENCH_WORKER_PORT"; else echo $((BENCH_WORKER_PORT + $1 + 1)); fi; }
for k in $(seq 2 "$MAX_W"); do
  bench_port_open "$(worker_port "$k")" && bench_die "port $(worker_port "$k") (worker $k) is taken"
done

# Every service provisions the topics at start-up: all of them must say the same partitions.
export HEADSHOTS_TOPICS_PARTITIONS="$PARTITIONS"
export GENERATOR_ENGINE=capacity-test GENERATOR_CAPACITY_TEST_HOLD="$HOLD"
# Small JVMs so that 12 fit beside the broker, S3 and the gateway on a small machine: C1 only,
# serial GC, thread pools sized for one CPU. The engine sleeps; a task's own CPU is the PNG encode.
read -r -a WORKER_JVM <<<"${BENCH_WORKER_JVM_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:ActiveProcessorCount=1 -Xss512k -XX:ReservedCodeCacheSize=64m}"
WORKER_OPTS=(-Dquarkus.profile=bench "${WORKER_JVM[@]}")

bench_say "stack: Kafka :$BENCH_KAFKA_PORT, S3 :$BENCH_S3_PORT, gateway :$BENCH_GATEWAY_PORT, workers from :$BENCH_WORKER_PORT (logs: $BENCH_WORK/logs)"
bench_say "workers: GENERATOR_ENGINE=capacity-test (no model), hold $HOLD, -Dquarkus.profile=bench, heap $WORKER_HEAP, ${WORKER_JVM[*]}"
bench_start_infra
bench_start_service api-gateway api-gateway "$BENCH_GATEWAY_PORT" 512m
bench_await_ready api-gateway "$BENCH_GATEWAY_PORT" 180

RESULTS="$BENCH_WORK/results.tsv"
: > "$RESULTS"
running=0
urls=()
for w in "${WS[@]}"; do
  new=()
  while [ "$running" -lt "$w" ]; do
    running=$((running + 1))
    bench_start_service "generator-worker-$running" generator-worker "$(worker_port "$running")" "$WORKER_HEAP" "${WORKER_OPTS[@]}"
    new+=("$running")
    urls+=("http://127.0.0.1:$(worker_port "$running")")
  done
  for k in "${new[@]}"; do bench_await_ready "generator-worker-$k" "$(worker_port "$k")" 300; done
  grep -q 'capacity-test' "$BENCH_WORK/logs/generator-worker-1.log" \
    || bench_die "generator-worker-1 does not say it runs the capacity-test engine"
  bench_say "W=$w: ${#new[@]} worker(s) started, $running running; settling ${SETTLE_S} s; load average $(bench_load)"
  sleep "$SETTLE_S"
  bench_harness io.headshots.systemtests.bench.CapacityBench --mode run --w "$w" --outputs "$OUTPUTS" --hold "$HOLD" \
    --route "$ROUTE" --gateway "http://127.0.0.1:$BENCH_GATEWAY_PORT" --kafka "127.0.0.1:$BENCH_KAFKA_PORT" \
    --s3 "http://127.0.0.1:$BENCH_S3_PORT" --workers "$(IFS=,; echo "${urls[*]}")" --results "$RESULTS" \
    --floor-samples "$FLOOR_SAMPLES" ${WARMUP:+--warmup-outputs "$WARMUP"}
done

java -cp "$BENCH_CP" io.headshots.systemtests.bench.CapacityBench --mode report --results "$RESULTS" \
  --scaling "workers scaled up incrementally (started for each W in ascending order, never restarted), each with a warm-up of ${WARMUP:-8 x W} outputs before its measured batch; worker JVMs: -Xmx$WORKER_HEAP ${WORKER_JVM[*]}; queue: HEADSHOTS_QUEUE_LOCK_DURATION=${HEADSHOTS_QUEUE_LOCK_DURATION:-PT30S (default)}, HEADSHOTS_QUEUE_IDLE_POLL=${HEADSHOTS_QUEUE_IDLE_POLL:-PT0.05S (default)}, generator.max-in-flight=${GENERATOR_MAX_IN_FLIGHT:-1 (default)}."
echo "$(nproc) cores; $(uptime)"
