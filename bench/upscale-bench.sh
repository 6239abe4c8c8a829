#!/usr/bin/env bash
# Engine vs bare ONNX Runtime session, side by side in one JVM (see UpscaleBench's Javadoc).
#
#   bench/upscale-bench.sh                                    # x4fast 512², x4plus 256², auto tiles, 3 rounds
#   bench/upscale-bench.sh --tiles 0,128,256 --repeats 5
#   bench/upscale-bench.sh --models realesrgan-x4fast=1024 --image photo.jpg
#   BENCH_MVN_ARGS=-Pgpu bench/upscale-bench.sh --device cuda  # the CUDA build (see bench/gpu-check.sh)
#
# Builds upscaler-worker's test classes first (offline when the dependencies are already there);
# models are fetched and converted into the cache on first use. BENCH_JAVA_OPTS sets the JVM flags.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q ${BENCH_MVN_ARGS:-} -pl upscaler-worker -am test-compile -DskipTests
fi
M=upscaler-worker/target
exec java ${BENCH_JAVA_OPTS:--Xmx8g} -cp "$M/test-classes:$M/classes:$(cat "$M/test-classpath.txt")" \
  io.headshots.upscaler.engine.UpscaleBench "$@"
