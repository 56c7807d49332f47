#!/usr/bin/env bash
# `npm run cluster:down`: stops what the cluster scripts started (by recorded pids): Dolbom's processes first,
# then the Temporal Web UI and services, the Kafka nodes, PostgreSQL. Data stays in .data/cluster.
source "$(dirname "$0")/env.sh"
# Dolbom's processes side by side: each drains and leaves its consumer group gracefully (~10 s on 2 busy cores).
for p in "${CLUSTER_DOLBOM_PROCESSES[@]}"; do read -r name _ <<<"$p"; stop_daemon "$name" & done
wait
stop_daemon temporal-ui
# In the reverse of the start order: the history processes (they own the shards) last.
for ((i = ${#CLUSTER_TEMPORAL_PROCESSES[@]} - 1; i >= 0; i--)); do read -r name _ <<<"${CLUSTER_TEMPORAL_PROCESSES[i]}"; stop_daemon "$name"; done
for n in "${CLUSTER_KAFKA_NODES[@]}"; do read -r id _ <<<"$n"; stop_daemon "kafka-$id"; done
POSTGRES_PORT="$CLUSTER_POSTGRES_PORT" bash "$DOLBOM_ROOT/infra/postgres-down.sh" >/dev/null 2>&1 || true
