#!/usr/bin/env bash
# The fault runs (faults/run.ts) on their own stack: Temporal and Kafka on other ports and in .data/faults,
# started and stopped here, so the default stack (npm start, npm test) is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
echo "[dolbom] fault runs" >&2
node --import tsx faults/run.ts "$@"
