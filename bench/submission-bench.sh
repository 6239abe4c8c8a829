#!/usr/bin/env bash
# Submission throughput (BENCHMARKS.md "Gateway", submissions): POST /v1/upscales (32x32 PNG) through
# the gateway against two floors measured in the same run with the same Java S3 client (MinIO SDK,
# the platform's ObjectStore) and the same number of concurrent clients: the bare storage work of a
# submission (the same 4 PUTs and acks=all send, in the gateway's order) and a raw small PUT.
# Phases alternate A B C C B A, the sequence run twice (--repeats). Prints a Markdown table (SubmissionBench).
#
#   bench/submission-bench.sh                              # 8 clients, 15 s per phase, 12 warm-up rounds, A B C C B A twice (~10.5 min)
#   bench/submission-bench.sh --concurrency 16 --seconds 20 --warmup-rounds 16 --repeats 3
#
# Starts its own Kafka, S3Proxy and gateway (quotas lifted; no worker, so only these three and the
# harness share the CPU) on ports 28080/29000/29092 and stops them on exit. Needs
# `mvn -q -o install -DskipTests` done once (the packaged gateway). Run it on a quiet machine.
# BENCH_GATEWAY_JVM_OPTS adds JVM options to the gateway (e.g. a JFR recording to profile it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
BENCH_APPS="api-gateway" bench_init submission-bench

bench_say "stack: Kafka :$BENCH_KAFKA_PORT, S3 :$BENCH_S3_PORT, gateway :$BENCH_GATEWAY_PORT (logs: $BENCH_WORK/logs)"
bench_start_infra
bench_start_service api-gateway api-gateway "$BENCH_GATEWAY_PORT" 512m ${BENCH_GATEWAY_JVM_OPTS:-}
bench_await_ready api-gateway "$BENCH_GATEWAY_PORT" 180
load_before="$(bench_load)"
bench_say "ready; load average $load_before"

bench_harness io.headshots.systemtests.bench.SubmissionBench \
  --gateway "http://127.0.0.1:$BENCH_GATEWAY_PORT" --kafka "127.0.0.1:$BENCH_KAFKA_PORT" \
  --s3 "http://127.0.0.1:$BENCH_S3_PORT" "$@"
echo "load average before: $load_before; $(nproc) cores; $(uptime)"
