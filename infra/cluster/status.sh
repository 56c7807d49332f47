#!/usr/bin/env bash
# `npm run cluster:status`: which of the cluster's processes run, their ports and memory: RSS and PSS of the process
# and its descendants (a Dolbom process counts its supervisor and node, PostgreSQL its backends). PSS splits a
# shared page among the processes that map it: the RSS sum counts PostgreSQL's shared buffers once per backend,
# and the five Temporal processes share one binary's pages.
source "$(dirname "$0")/env.sh"
kb_tree() { # kb_tree <Rss|Pss> <pid>: that memory of the process and its descendants, in kB
  local total; total="$(awk -v f="$1:" '$1 == f { print $2 }' "/proc/$2/smaps_rollup" 2>/dev/null || true)"
  total="${total:-0}"
  for k in $(ps -o pid= --ppid "$2" 2>/dev/null); do total=$((total + $(kb_tree "$1" "$k"))); done
  echo "$total"
}
show() { # show <name> <description>
  if pid_alive "$1"; then
    local pid; pid="$(cat "$RUN_DIR/$1.pid")"
    printf '  %-19s running  pid %-7s RSS %4s MB  PSS %4s MB  %s\n' "$1" "$pid" "$(($(kb_tree Rss "$pid") / 1024))" "$(($(kb_tree Pss "$pid") / 1024))" "$2"
  else printf '  %-19s stopped                                      %s\n' "$1" "$2"; fi
}
echo "Dolbom cluster stack (data: $DOLBOM_DATA_DIR)"
show postgres "PostgreSQL 127.0.0.1:$CLUSTER_POSTGRES_PORT (temporal, temporal_visibility, $CLUSTER_DOLBOM_DB)"
for p in "${CLUSTER_TEMPORAL_PROCESSES[@]}"; do
  read -r name service grpc membership metrics <<<"$p"
  show "$name" "Temporal $service gRPC :$grpc membership :$membership metrics :$metrics"
done
show temporal-ui "Temporal Web UI http://127.0.0.1:$CLUSTER_TEMPORAL_UI_PORT (codec $CLUSTER_CODEC_ENDPOINT)"
for n in "${CLUSTER_KAFKA_NODES[@]}"; do read -r id port controller <<<"$n"; show "kafka-$id" "Kafka node $id 127.0.0.1:$port (controller :$controller)"; done
for p in "${CLUSTER_DOLBOM_PROCESSES[@]}"; do
  read -r name app port <<<"$p"
  case "$app" in
    api) show "$name" "Dolbom API http://127.0.0.1:$port" ;;
    bridge) show "$name" "Dolbom bridge (health :$port)" ;;
    *) show "$name" "Dolbom $app" ;;
  esac
done
echo "  Temporal: $CLUSTER_TEMPORAL_ADDRESS, $CLUSTER_TEMPORAL_SHARDS history shards    Kafka: $CLUSTER_KAFKA_BROKERS"
exit 0
