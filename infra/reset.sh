#!/usr/bin/env bash
# Stops everything and deletes the data folder: every case, event and audit entry is gone.
source "$(dirname "$0")/env.sh"
bash "$DOLBOM_ROOT/infra/down.sh"
# The cluster stack (npm run cluster:up) keeps its data in .data/cluster: it is stopped before its folder goes.
if [[ -d "$DOLBOM_DATA_DIR/cluster/run" ]]; then DOLBOM_CLUSTER_DATA_DIR="$DOLBOM_DATA_DIR/cluster" bash "$DOLBOM_ROOT/infra/cluster/down.sh"; fi
log "deleting $DOLBOM_DATA_DIR"
rm -rf "$DOLBOM_DATA_DIR"
