#!/usr/bin/env bash
# Stops everything and deletes the data folder: every case, event and audit entry is gone.
source "$(dirname "$0")/env.sh"
bash "$DOLBOM_ROOT/infra/down.sh"
log "deleting $DOLBOM_DATA_DIR"
rm -rf "$DOLBOM_DATA_DIR"
