#!/usr/bin/env bash
# The cluster's Temporal server: one OS process per service (two history processes share the shards), on
# PostgreSQL (infra/cluster/postgres.sh first), config infra/cluster/temporal/cluster.yaml; then the Web UI, the
# `default` namespace and Dolbom's search attributes (workflows/search-attributes.json). Idempotent.
source "$(dirname "$0")/env.sh"
source "$DOLBOM_ROOT/infra/postgres/env.sh"

# Every service's own ports, read by cluster.yaml; a process overrides those of its own service.
export CLUSTER_TEMPORAL_SHARDS CLUSTER_POSTGRES_PORT CLUSTER_TEMPORAL_HTTP_PORT CLUSTER_TEMPORAL_FRONTEND_PORT CLUSTER_TEMPORAL_UI_PORT
export TEMPORAL_DYNAMIC_CONFIG_FILE="$DOLBOM_ROOT/infra/cluster/temporal/dynamicconfig.yaml"
for p in "${CLUSTER_TEMPORAL_PROCESSES[@]}"; do
  read -r _ service grpc membership _ <<<"$p"
  v="TEMPORAL_${service^^}_GRPC_PORT"
  [[ -n "${!v:-}" ]] && continue # the first process of a service gives the defaults
  export "TEMPORAL_${service^^}_GRPC_PORT=$grpc" "TEMPORAL_${service^^}_MEMBERSHIP_PORT=$membership"
done

start_service() { # start_service <process name> <service> <gRPC port> <membership port> <metrics port>
  local name="$1" service="$2" upper="${2^^}"
  if pid_alive "$name"; then log "$name already running (pid $(cat "$RUN_DIR/$name.pid"))"; return; fi
  port_open "$3" && die "port $3 is taken by a process this project did not start; stop it or change infra/cluster/env.sh"
  log "starting $name ($service, gRPC 127.0.0.1:$3, membership :$4, metrics :$5)"
  start_daemon "$name" "$LOG_DIR/$name.log" \
    env "TEMPORAL_${upper}_GRPC_PORT=$3" "TEMPORAL_${upper}_MEMBERSHIP_PORT=$4" "TEMPORAL_METRICS_PORT=$5" \
    "$TEMPORAL_SERVER_BIN" --root "$DOLBOM_ROOT" --config infra/cluster/temporal --env cluster --allow-no-auth start --service "$service"
}

start_ui() {
  if pid_alive temporal-ui; then log "temporal-ui already running (pid $(cat "$RUN_DIR/temporal-ui.pid"))"; return; fi
  port_open "$CLUSTER_TEMPORAL_UI_PORT" && die "port $CLUSTER_TEMPORAL_UI_PORT is taken by a process this project did not start"
  log "starting the Temporal Web UI on http://127.0.0.1:$CLUSTER_TEMPORAL_UI_PORT"
  CLUSTER_UI_CODEC_ENDPOINT="$CLUSTER_CODEC_ENDPOINT" \
    start_daemon temporal-ui "$LOG_DIR/temporal-ui.log" "$TEMPORAL_UI_SERVER_BIN" --root "$DOLBOM_ROOT" --config infra/cluster/temporal-ui --env cluster start
}

cli() { "$TEMPORAL_BIN" --address "$CLUSTER_TEMPORAL_ADDRESS" "$@"; }
# A process that exited while starting is reported, and stops the wait at once.
all_alive() {
  for p in "${CLUSTER_TEMPORAL_PROCESSES[@]}" temporal-ui; do
    read -r name _ <<<"$p"
    pid_alive "$name" || [[ ! -f "$RUN_DIR/$name.pid" ]] || die "$name exited while starting; see $LOG_DIR/$name.log"
  done
}
wait_for() { # wait_for <what> <check...>: as wait_until (infra/env.sh), checking the processes each second
  local what="$1" start=$SECONDS; shift
  until "$@" >/dev/null 2>&1; do
    all_alive
    (( SECONDS - start < READY_TIMEOUT_SECONDS )) || die "$what not ready within ${READY_TIMEOUT_SECONDS}s; see $LOG_DIR/temporal-*.log"
    sleep 1
  done
  log "$what ready after $((SECONDS - start))s"
}
frontend_serving() { cli operator cluster health 2>/dev/null | grep -q SERVING; }
# The first process to start writes the cluster's metadata; two at once on an empty database race to do it.
psql_temporal() { "$POSTGRES_BIN/psql" -X -q -tA -h 127.0.0.1 -p "$CLUSTER_POSTGRES_PORT" -U postgres -d temporal "$@"; }
metadata_written() { [[ "$(psql_temporal -c 'select count(*) from cluster_metadata_info')" -gt 0 ]]; }
namespace_ready() { cli operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1 || cli operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention 30d; }

for p in "${CLUSTER_TEMPORAL_PROCESSES[@]}"; do
  # shellcheck disable=SC2086
  start_service $p
  if [[ "$p" == "${CLUSTER_TEMPORAL_PROCESSES[0]}" ]]; then wait_for "Temporal cluster metadata" metadata_written; fi
done
start_ui
wait_for "Temporal frontend" frontend_serving
wait_for "namespace $TEMPORAL_NAMESPACE" namespace_ready

# Search attributes: the dev server takes them as flags (infra/up.sh); here they are registered once, by name.
# A namespace just created reaches the frontend's namespace cache a few seconds later ("Namespace default is not
# found", seen on a first start), so each one is retried until it is listed.
attribute_registered() { # attribute_registered <name> <type>
  cli operator search-attribute list --namespace "$TEMPORAL_NAMESPACE" -o json 2>/dev/null | grep -q "\"$1\"" && return 0
  cli operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$1" --type "$2" >>"$LOG_DIR/temporal-frontend.log" 2>&1
}
while IFS= read -r pair; do
  name="${pair%%=*}" type="${pair#*=}"
  wait_until "search attribute $name ($type)" 60 attribute_registered "$name" "$type" \
    || die "could not register the search attribute $name; see $LOG_DIR/temporal-frontend.log"
done < <(node -e 'for (const [k, v] of Object.entries(require(process.argv[1]))) console.log(`${k}=${v}`)' \
  "$DOLBOM_ROOT/workflows/search-attributes.json")
