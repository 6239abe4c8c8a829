# Shared by bench/pipeline-bench.sh, bench/sse-memory.sh, bench/soak.sh and bench/capacity-bench.sh
# (sourced, not run).
#
# A private stack for one benchmark run: the real Kafka broker and S3 server of deploy/local and
# the packaged services, each a child process of the benchmark on its own ports (defaults 28080..,
# 29000, 29092/29093: clear of `./dev up` and scripts/e2e-smoke.sh), with a throw-away data
# directory. Each service answers health and metrics on its management port, its HTTP port + 2000
# (BenchSupport.MANAGEMENT_PORT_OFFSET: 30080 for the gateway). Every process is started here, its PID recorded, and stopped by that PID on exit
# (SIGTERM, then SIGKILL); the broker and S3 server also watch this shell's PID and exit with it.
#
# The service apps are snapshotted (hard links) at the start, so a rebuild by someone else during
# the run cannot swap jars under a service that restarts.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_GATEWAY_PORT="${BENCH_GATEWAY_PORT:-28080}"
BENCH_WORKER_PORT="${BENCH_WORKER_PORT:-28081}"   # the second worker gets +3 (28084), the third +4 ...
BENCH_S3_PORT="${BENCH_S3_PORT:-29000}"
BENCH_KAFKA_PORT="${BENCH_KAFKA_PORT:-29092}"
BENCH_KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-29093}"
BENCH_S3_ACCESS_KEY=local-access-key
BENCH_S3_SECRET_KEY=local-secret-key
BENCH_S3_BUCKET=headshots
BENCH_MODELS_DIR="${HEADSHOT_MODELS_DIR:-$HOME/.cache/headshot-pipeline/models}"
BENCH_PIDS=()      # every process started here, in start order
declare -A BENCH_PID_OF=()

bench_say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
bench_die() { bench_say "FAILED: $*"; exit 1; }
bench_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# bench_init NAME: work directory, port checks, app snapshots, the harness classpath.
bench_init() {
  BENCH_WORK="$(mktemp -d "/tmp/headshots-$1-XXXXXX")"
  mkdir -p "$BENCH_WORK/logs" "$BENCH_WORK/tmp" "$BENCH_WORK/apps"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  local p
  for p in "$BENCH_GATEWAY_PORT" "$BENCH_WORKER_PORT" "$BENCH_S3_PORT" "$BENCH_KAFKA_PORT" "$BENCH_KAFKA_CONTROLLER_PORT"; do
    bench_port_open "$p" && bench_die "port $p is taken (set BENCH_*_PORT)"
  done
  cd "$BENCH_ROOT"
  local m
  # BENCH_APPS: the packaged services this benchmark starts (default: the gateway and the upscaler).
  for m in ${BENCH_APPS:-api-gateway upscaler-worker}; do
    [ -f "$m/target/quarkus-app/quarkus-run.jar" ] || bench_die "missing $m/target/quarkus-app: mvn -q -o install -DskipTests"
    cp -al "$m/target/quarkus-app" "$BENCH_WORK/apps/$m" 2>/dev/null || cp -a "$m/target/quarkus-app" "$BENCH_WORK/apps/$m"
  done
  [ -f deploy/local/target/classes/io/headshots/localstack/kafka.classpath ] || bench_die "deploy/local is not built"
  # The harness: test classes of system-tests (compiled here; offline) and their test classpath.
  if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    mvn -B -q -o -pl system-tests test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile=target/bench-classpath.txt >"$BENCH_WORK/logs/mvn.log" 2>&1 \
      || { tail -n 40 "$BENCH_WORK/logs/mvn.log" >&2; bench_die "cannot build system-tests"; }
  fi
  BENCH_CP="system-tests/target/test-classes:$(cat system-tests/target/bench-classpath.txt)"
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

bench_cleanup() {
  local rc=$? i pid
  trap - EXIT INT TERM
  # Newest first: clients and services before the broker and S3.
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${BENCH_PIDS[$i]}"
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    bench_say "kept $BENCH_WORK (BENCH_KEEP=1)"
  else
    rm -rf "$BENCH_WORK"
  fi
  exit "$rc"
}

bench_track() { # name pid
  BENCH_PIDS+=("$2")
  BENCH_PID_OF[$1]="$2"
}

bench_start_infra() {
  local cp="deploy/local/target/classes"
  java -Dbench.component=s3 -Xmx512m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$cp:$(cat "$cp/io/headshots/localstack/s3proxy.classpath")" io.headshots.localstack.S3Node \
    --data "$BENCH_WORK/s3" --port "$BENCH_S3_PORT" --access-key "$BENCH_S3_ACCESS_KEY" \
    --secret-key "$BENCH_S3_SECRET_KEY" --parent-pid "$$" >>"$BENCH_WORK/logs/s3.log" 2>&1 </dev/null &
  bench_track s3 $!
  java -Dbench.component=kafka -Xmx512m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$cp:$(cat "$cp/io/headshots/localstack/kafka.classpath")" io.headshots.localstack.KafkaNode \
    --data "$BENCH_WORK/kafka" --port "$BENCH_KAFKA_PORT" --controller-port "$BENCH_KAFKA_CONTROLLER_PORT" \
    --parent-pid "$$" >>"$BENCH_WORK/logs/kafka.log" 2>&1 </dev/null &
  bench_track kafka $!
  bench_await_port s3 "$BENCH_S3_PORT" 60
  bench_await_port kafka "$BENCH_KAFKA_PORT" 90
}

bench_await_port() { # name port seconds
  local deadline=$((SECONDS + $3))
  while ! bench_port_open "$2"; do
    kill -0 "${BENCH_PID_OF[$1]}" 2>/dev/null || { tail -n 30 "$BENCH_WORK/logs/$1.log" >&2; bench_die "$1 exited"; }
    [ $SECONDS -lt $deadline ] || bench_die "$1 not listening on $2 after $3 s"
    sleep 0.5
  done
}

# bench_start_service NAME MODULE PORT HEAP [-Dprop=value ...]: the packaged app as ./dev up starts
# it (same environment), plus the given JVM options.
bench_start_service() {
  local name="$1" module="$2" port="$3" heap="$4"; shift 4
  (
    export QUARKUS_HTTP_PORT="$port"
    export QUARKUS_MANAGEMENT_PORT="$((port + 2000))"
    export QUARKUS_PROFILE="prod,local" # the local stack: the demo tenants are the benchmarks' keys
    export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$BENCH_KAFKA_PORT"
    export S3_ENDPOINT="http://127.0.0.1:$BENCH_S3_PORT" S3_ACCESS_KEY="$BENCH_S3_ACCESS_KEY"
    export S3_SECRET_KEY="$BENCH_S3_SECRET_KEY" S3_BUCKET="$BENCH_S3_BUCKET"
    export HEADSHOT_MODELS_DIR="$BENCH_MODELS_DIR"
    export GATEWAY_QUOTAS_RATE_PER_MINUTE=1000000000 GATEWAY_QUOTAS_MAX_CONCURRENT_JOBS=1000000000
    # As ./dev runs them: a common pool of 4 for MinIO's async steps (a thread per step otherwise on 2 cores).
    exec java "-Dbench.component=$name" "-Xmx$heap" "-Djava.io.tmpdir=$BENCH_WORK/tmp" "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4" "$@" \
      -jar "$BENCH_WORK/apps/$module/quarkus-run.jar" >>"$BENCH_WORK/logs/$name.log" 2>&1 </dev/null
  ) &
  bench_track "$name" $!
}

bench_await_ready() { # name port seconds (the HTTP port; readiness is asked on its management port)
  local deadline=$((SECONDS + $3))
  while :; do
    kill -0 "${BENCH_PID_OF[$1]}" 2>/dev/null || { tail -n 40 "$BENCH_WORK/logs/$1.log" >&2; bench_die "$1 exited"; }
    case "$(curl -s --max-time 3 "http://127.0.0.1:$(($2 + 2000))/q/health/ready" 2>/dev/null || true)" in
      *'"status": "UP"'*|*'"status":"UP"'*) return 0 ;;
    esac
    [ $SECONDS -lt $deadline ] || { tail -n 40 "$BENCH_WORK/logs/$1.log" >&2; bench_die "$1 not ready on $2 after $3 s"; }
    sleep 0.5
  done
}

# Kills one tracked process with SIGKILL (a crash) and waits for it to be gone.
bench_crash() { # name
  local pid="${BENCH_PID_OF[$1]}" keep=() p
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # Forget the PID: once reaped it may be reused by an unrelated process, which cleanup must not signal.
  for p in "${BENCH_PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  BENCH_PIDS=("${keep[@]}")
  unset "BENCH_PID_OF[$1]"
}

# Runs a harness main of system-tests/src/test/java/io/headshots/systemtests/bench; in the
# background and waited for, so that a signal to this script still runs the cleanup at once.
bench_harness() { # main-class args...
  # The harness's own S3 client (the floors) gets the same common pool as the services.
  java ${BENCH_HARNESS_OPTS:--Xmx1g} -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 -Dbench.component=harness -cp "$BENCH_CP" "$@" &
  local pid=$!
  bench_track harness "$pid"
  wait "$pid"
}

bench_load() { cut -d' ' -f1-3 /proc/loadavg; }
