#!/usr/bin/env bash
# End-to-end check of the packaged system, as a user would run it: ./dev up on spare ports and a
# throw-away data directory, the curl flow of the README, then ./dev down, which must leave no
# process behind. Prints "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DEV_DATA="$(mktemp -d /tmp/headshots-e2e-XXXXXX)"
export KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 S3_PORT=19000
export GATEWAY_PORT=18080 UPSCALER_PORT=18081 GENERATOR_PORT=18082 RETENTION_PORT=18083
# Health and metrics answer on each service's management port, not on the public one.
export GATEWAY_MANAGEMENT_PORT=19080 UPSCALER_MANAGEMENT_PORT=19081 GENERATOR_MANAGEMENT_PORT=19082 RETENTION_MANAGEMENT_PORT=19083
GW="http://127.0.0.1:$GATEWAY_PORT"
# The premium chain (generate, then upscale to 4096x4096) with the fast model, to keep CI short.
export GENERATOR_UPSCALE_MODEL=realesrgan-x4fast
KEY="dev-premium-key"
passed=0; failed=0

check() { # description, then a command that must succeed
  local what="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=eval("JSON.parse(s)"+process.argv[1]);console.log(v===undefined?"":v)})' "$1"; }
png_size() { node -e 'const b=require("fs").readFileSync(process.argv[1]);if(b.readUInt32BE(0)!==0x89504e47)process.exit(1);console.log(b.readUInt32BE(16)+"x"+b.readUInt32BE(20))' "$1"; }

cleanup() {
  ./dev down >/dev/null 2>&1 || true
  rm -rf "$DEV_DATA"
}
trap cleanup EXIT

# Two gateways and two generators, as a fleet runs them: replicas must give the same answers.
if ! ./dev up --scale api-gateway=2 --scale generator-worker=2; then
  echo "FAIL ./dev up"; ./dev logs 2>/dev/null | tail -n 80
  echo "0 passed, 1 failed"; exit 1
fi
check "./dev up brings every component up" bash -c '! ./dev status | tail -n +2 | grep -q -E " (DOWN|stopped|-)$"'
check "./dev status lists every replica on its own port" bash -c \
  './dev status | grep -q -E "^api-gateway-2 +[0-9]+ +$((GATEWAY_PORT + 100)) +$((GATEWAY_MANAGEMENT_PORT + 100)) +UP$" && ./dev status | grep -q -E "^generator-worker-2 +[0-9]+ +$((GENERATOR_PORT + 100)) +$((GENERATOR_MANAGEMENT_PORT + 100)) +UP$"'
check "the public port does not answer /q/metrics or /q/health" bash -c \
  'test "$(curl -s -o /dev/null -w "%{http_code}" "$1/q/metrics")" = 404 && test "$(curl -s -o /dev/null -w "%{http_code}" "$1/q/health")" = 404' _ "http://127.0.0.1:$GATEWAY_PORT"
eval "$(./dev env)"
check "./dev env names the gateway" test "$GATEWAY_URL" = "$GW"
# A child process sees the variables only if they were exported.
check "./dev env exports what it prints" bash -c 'test "$S3_BUCKET" = headshots && test "$GATEWAY_URL" = "$1"' _ "$GW"
GW2="http://127.0.0.1:$((GATEWAY_PORT + 100))"

java scripts/TestImage.java "$DEV_DATA/in.png" 64 48
resp="$(curl -s -D "$DEV_DATA/headers" -H "Authorization: Bearer $KEY" -F "image=@$DEV_DATA/in.png" \
  -F scale=4 -F model=realesrgan-x4fast "$GW/v1/upscales")"
code="$(head -n 1 "$DEV_DATA/headers" | awk '{print $2}')"
check "POST /v1/upscales answers 202" test "$code" = 202
id="$(printf '%s' "$resp" | json '.id')"
check "202 carries a queued job" test "$(printf '%s' "$resp" | json '.status')" = queued
check "Location names the job" grep -qi "^location: .*/v1/jobs/$id" "$DEV_DATA/headers"

status=""
for _ in $(seq 1 240); do
  job="$(curl -s -H "Authorization: Bearer $KEY" "$GW/v1/jobs/$id")"
  status="$(printf '%s' "$job" | json '.status' 2>/dev/null)"
  case "$status" in succeeded|failed|partially_succeeded|canceled) break ;; esac
  sleep 0.5
done
check "the job succeeds (status: $status)" test "$status" = succeeded
name="$(printf '%s' "$job" | json '.outputs[0].name')"
w="$(printf '%s' "$job" | json '.outputs[0].width')"; h="$(printf '%s' "$job" | json '.outputs[0].height')"
check "the job lists the output as 256x192" test "${w}x${h}" = 256x192
curl -s -o "$DEV_DATA/out.png" -H "Authorization: Bearer $KEY" "$GW/v1/jobs/$id/outputs/$name"
check "the output is a PNG of exactly 4x the input" test "$(png_size "$DEV_DATA/out.png")" = 256x192
check "the second gateway replica gives the same answer" test \
  "$(curl -s -H "Authorization: Bearer $KEY" "$GW2/v1/jobs/$id" | json '.status')/$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" "$GW2/v1/jobs/$id/outputs/$name")" = succeeded/200

# A premium headshot: a real public-domain portrait in, one studio headshot out at 4096x4096.
resp="$(curl -s -H "Authorization: Bearer $KEY" -F "photo=@generator-worker/src/test/resources/photos/astronaut.jpg" \
  -F styles=studio -F count=1 "$GW/v1/headshots")"
hid="$(printf '%s' "$resp" | json '.id')"
hstatus=""
for _ in $(seq 1 600); do
  hjob="$(curl -s -H "Authorization: Bearer $KEY" "$GW/v1/jobs/$hid")"
  hstatus="$(printf '%s' "$hjob" | json '.status' 2>/dev/null)"
  case "$hstatus" in succeeded|failed|partially_succeeded|canceled) break ;; esac
  sleep 1
done
check "a premium headshot job succeeds (status: $hstatus)" test "$hstatus" = succeeded
hname="$(printf '%s' "$hjob" | json '.outputs[0].name')"
curl -s -o "$DEV_DATA/headshot.png" -H "Authorization: Bearer $KEY" "$GW/v1/jobs/$hid/outputs/$hname"
check "the premium headshot is a 4096x4096 PNG" test "$(png_size "$DEV_DATA/headshot.png")" = 4096x4096

check "a bad key is refused with 401" test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer nope' "$GW/v1/jobs/$id")" = 401
check "DELETE answers 204" test "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $KEY" "$GW/v1/jobs/$id")" = 204
check "a deleted job is 404" test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" "$GW/v1/jobs/$id")" = 404

# The web page in headless Chromium: key, upload, live progress, gallery, download; the headshot
# form, cancel and per-job delete; delete my data.
# No browser, no playwright-core or a browser that cannot start is a failure, never a skip.
browser_e2e() {
  if [ ! -f scripts/node_modules/playwright-core/package.json ]; then
    npm ci --prefix scripts --no-audit --no-fund >"$DEV_DATA/npm-ci.log" 2>&1 || { cat "$DEV_DATA/npm-ci.log"; return 1; }
  fi
  node scripts/browser-e2e.mjs "$GW" "$DEV_DATA/in.png" "$DEV_DATA" 256x192 generator-worker/src/test/resources/photos/astronaut.jpg
}
check "the web page works in headless Chromium (upload, live progress, gallery, headshot form, cancel, delete, delete my data)" browser_e2e

retention="$(java -cp "deploy/local/target/classes:$(cat deploy/local/target/classes/io/headshots/localstack/kafka.classpath)" \
  io.headshots.localstack.TopicRetentions "$KAFKA_BOOTSTRAP_SERVERS" 2>/dev/null)"
check "every topic keeps at most 24 h (${retention//$'\n'/ })" bash -c '[ -n "$1" ] && ! printf "%s\n" "$1" | awk "{ if (\$2 < 0 || \$2 > 86400000) bad=1 } END { exit !bad }"' _ "$retention"

# Every metric a dashboard panel or an alert rule names must really be exported by the stack.
scrape="$DEV_DATA/metrics.txt"
: > "$scrape"
for port in "$GATEWAY_MANAGEMENT_PORT" "$UPSCALER_MANAGEMENT_PORT" "$GENERATOR_MANAGEMENT_PORT" "$RETENTION_MANAGEMENT_PORT"; do
  curl -s "http://127.0.0.1:$port/q/metrics" >> "$scrape"
done
missing=""
for metric in $(java -cp "deploy/validation/target/classes:$(cat deploy/validation/target/classpath.txt)" io.headshots.deploy.MetricNames deploy); do
  grep -q -E "^${metric}(_bucket|_count|_sum)?[{ ]" "$scrape" || missing="$missing $metric"
done
check "every metric named by dashboards and alerts is exported${missing:+ (missing:$missing)}" test -z "$missing"

pids="$(cat "$DEV_DATA"/pids/*.pid 2>/dev/null)"
./dev down >/dev/null
left=""
for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
check "./dev down leaves no process behind" test -z "$left"

echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
