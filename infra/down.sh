#!/usr/bin/env bash
# Stops what this project started (by recorded pids), application processes first.
source "$(dirname "$0")/env.sh"
for name in api bridge worker kafka temporal; do stop_daemon "$name"; done
