#!/usr/bin/env bash
# Gateway memory per open SSE connection (BENCHMARKS.md "Gateway: memory per SSE connection"):
# a few queued jobs, N followers spread over them (GET /v1/jobs/{id}/events), the gateway's RSS
# and heap used after a full GC with 0, N/2 and N connections open; every connection must get the
# initial state event.
#
#   bench/sse-memory.sh                          # 10,000 connections over 5 jobs
#   bench/sse-memory.sh --connections 4000 --jobs 5 --batch 250
#
# Starts its own Kafka, S3Proxy and gateway (no worker: the jobs stay queued, so no stream ends) on
# ports 28080/29000/29092 (BENCH_*_PORT to move them) and stops all of it on exit. The gateway runs
# as ./dev up runs it (-Xmx512m, default GC). The client is one JVM (java.net.http, HTTP/1.1, one
# connection per stream). Both need one file descriptor per connection: the script raises
# `ulimit -n` to the hard limit; more connections than that limit cannot be opened.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
bench_init sse-memory
echo "open files limit: $(ulimit -n)" >&2

bench_say "stack: Kafka :$BENCH_KAFKA_PORT, S3 :$BENCH_S3_PORT, gateway :$BENCH_GATEWAY_PORT (logs: $BENCH_WORK/logs)"
bench_start_infra
bench_start_service api-gateway api-gateway "$BENCH_GATEWAY_PORT" 512m
bench_await_ready api-gateway "$BENCH_GATEWAY_PORT" 180
load_before="$(bench_load)"
bench_say "ready; load average $load_before"

BENCH_HARNESS_OPTS="${BENCH_HARNESS_OPTS:--Xmx2g}" bench_harness io.headshots.systemtests.bench.SseMemoryBench \
  --gateway "http://127.0.0.1:$BENCH_GATEWAY_PORT" --pid "${BENCH_PID_OF[api-gateway]}" "$@"
echo "gateway: -Xmx512m, $(java -XX:+PrintFlagsFinal -Xmx512m -version 2>/dev/null | awk '$2 ~ /^Use(G1|Serial|Parallel|Z|Shenandoah)GC$/ && $4 == "true" {print $2}'); load average before: $load_before; $(nproc) cores; $(uptime)"
