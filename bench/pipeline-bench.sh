#!/usr/bin/env bash
# Pipeline overhead (BENCHMARKS.md "Pipeline overhead"): tiny fast-model upscales through
# gateway -> Kafka -> upscaler worker -> S3 -> status (SSE), end-to-end minus the worker's model
# time, against the floor of a bare Kafka produce/consume round trip plus one S3 put+get of the
# same image on the same broker and S3 server, rounds alternating in one run.
#
#   bench/pipeline-bench.sh                       # 3 rounds x (40 floor samples, 20 jobs at 1 client, 20 at 8)
#   bench/pipeline-bench.sh --rounds 5 --jobs 40 --concurrency 1,4,8
#
# Starts its own stack (Kafka, S3Proxy, gateway, one upscaler worker) on ports 28080/28081/29000/
# 29092 (BENCH_*_PORT to move them) and stops all of it on exit. Needs `mvn -q -o install
# -DskipTests` done once (the packaged apps) and realesrgan-x4fast in the model cache (./dev models).
# The worker runs as ./dev up runs it (3 GB heap, ONNX threads = cores, one task at a time).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
bench_init pipeline-bench

bench_say "stack: Kafka :$BENCH_KAFKA_PORT, S3 :$BENCH_S3_PORT, gateway :$BENCH_GATEWAY_PORT, worker :$BENCH_WORKER_PORT (logs: $BENCH_WORK/logs)"
bench_start_infra
bench_start_service api-gateway api-gateway "$BENCH_GATEWAY_PORT" 512m
bench_start_service upscaler-worker upscaler-worker "$BENCH_WORKER_PORT" 3g
bench_await_ready api-gateway "$BENCH_GATEWAY_PORT" 180
bench_await_ready upscaler-worker "$BENCH_WORKER_PORT" 180
load_before="$(bench_load)"
bench_say "ready; load average $load_before"

bench_harness io.headshots.systemtests.bench.PipelineBench \
  --gateway "http://127.0.0.1:$BENCH_GATEWAY_PORT" --worker "http://127.0.0.1:$BENCH_WORKER_PORT" \
  --kafka "127.0.0.1:$BENCH_KAFKA_PORT" --s3 "http://127.0.0.1:$BENCH_S3_PORT" "$@"
echo "load average before: $load_before; $(nproc) cores; $(uptime)"
