#!/usr/bin/env bash
# Stops what this project started (by recorded pids), application processes first.
source "$(dirname "$0")/env.sh"
for name in api bridge worker; do stop_daemon "$name"; done
bash "$DOLBOM_ROOT/infra/postgres-down.sh" >/dev/null 2>&1 || true
for name in kafka temporal; do stop_daemon "$name"; done
