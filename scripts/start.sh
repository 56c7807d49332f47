#!/usr/bin/env bash
# Starts the whole system on its embedded defaults: servers, then Dolbom's own processes, then a self-check.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
source infra/env.sh

bash infra/up.sh >/dev/null
for app in worker; do
  if pid_alive "$app"; then log "$app already running"; continue; fi
  start_daemon "$app" "$LOG_DIR/$app.log" node --import tsx "workers/$app-main.ts"
done
node --import tsx scripts/self-check.ts
bash infra/status.sh
cat <<INFO

Dolbom is running.
  Temporal Web UI   http://127.0.0.1:$TEMPORAL_UI_PORT
  Logs              $LOG_DIR/{worker,temporal,kafka}.log
  Stop              npm stop        Status  npm run status        Reset all data  npm run reset
INFO
