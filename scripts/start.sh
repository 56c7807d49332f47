#!/usr/bin/env bash
# Starts the whole system on its embedded defaults: servers, then Dolbom's own processes, then a self-check.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
source infra/env.sh

bash infra/up.sh >/dev/null
API_PORT="${API_PORT:-8080}"
for app in worker bridge api; do
  if pid_alive "$app"; then log "$app already running"; continue; fi
  # Node flags per process (infra/env.sh dolbom_node_flags): DOLBOM_NODE_FLAGS adds some, e.g. "--cpu-prof --cpu-prof-dir=.data/prof".
  # shellcheck disable=SC2086
  # Under infra/supervise.sh: a process that exits on its own (a Kafka consumer that crashed for good) restarts.
  # Each process connects to Kafka as its own principal, with only its rights (events/kafka-acls.ts).
  start_daemon "$app" "$LOG_DIR/$app.log" bash infra/as-principal.sh "dolbom-$app" \
    bash infra/supervise.sh "$app" node $(dolbom_node_flags "$app") --import tsx "workers/$app-main.ts"
done
api_ready() { curl -fsS "http://127.0.0.1:$API_PORT/health/ready" >/dev/null; }
wait_until "API" "$READY_TIMEOUT_SECONDS" api_ready || die "the API did not become ready; see $LOG_DIR/api.log"
bash infra/as-principal.sh dolbom-admin node --import tsx scripts/self-check.ts
bash infra/status.sh
cat <<INFO

Dolbom is running.
  Console           http://127.0.0.1:$API_PORT/console   (sign in as a demo caseworker, supervisor or provider)
  API               http://127.0.0.1:$API_PORT        (OpenAPI docs: http://127.0.0.1:$API_PORT/docs)
  Event contract    http://127.0.0.1:$API_PORT/asyncapi.json   (guide: docs/events.md)
  Temporal Web UI   http://127.0.0.1:$TEMPORAL_UI_PORT   (payloads decrypted through http://127.0.0.1:$API_PORT/codec)
  Try a case        npm run demo        (intake to referrals through the API, answered by simulated providers)
  A token           npm run token -- --role caseworker --dong 11110510
  Logs              $LOG_DIR/{worker,bridge,api,temporal,kafka}.log
  Stop              npm stop        Status  npm run status        Reset all data  npm run reset
INFO
