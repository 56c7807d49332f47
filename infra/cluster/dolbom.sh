#!/usr/bin/env bash
# Dolbom's own processes on the cluster: two workers (one task queue), two bridges (one consumer group, the
# partitions shared between them) and two API processes on two ports, each under infra/supervise.sh as in
# `npm start`, and each as its own Kafka principal (infra/as-principal.sh). They share the data folder .data/cluster
# (keys, the cluster's Kafka identities) and the audit store on the cluster's PostgreSQL; their topics (replication 3)
# and ACLs were provisioned by infra/cluster/kafka.sh.
source "$(dirname "$0")/env.sh"
cd "$DOLBOM_ROOT"
source scripts/ensure-deps.sh

export DOLBOM_DATA_DIR TEMPORAL_NAMESPACE
export TEMPORAL_ADDRESS="$CLUSTER_TEMPORAL_ADDRESS" TEMPORAL_UI_URL="http://127.0.0.1:$CLUSTER_TEMPORAL_UI_PORT"
export KAFKA_BROKERS="$CLUSTER_KAFKA_BROKERS" KAFKA_REPLICATION_FACTOR="$CLUSTER_KAFKA_REPLICATION_FACTOR"
export DATABASE_URL="postgres://postgres@127.0.0.1:$CLUSTER_POSTGRES_PORT/$CLUSTER_DOLBOM_DB"
export LOG_FORMAT="${LOG_FORMAT:-json}"
# The cluster's processes connect with the cluster's identities (infra/as-principal.sh, from .data/cluster), never
# with client credentials inherited from the caller: npm test exports the single broker's admin ones.
unset KAFKA_SSL KAFKA_SSL_CA KAFKA_SASL_MECHANISM KAFKA_SASL_USERNAME KAFKA_SASL_PASSWORD

# start_app <name> <app> <port>: records the log size first, so started_since reads only this start's lines.
declare -A log_from
start_app() {
  local name="$1" app="$2" port="$3" logfile="$LOG_DIR/$1.log"
  [[ "$port" != - ]] && port_open "$port" && die "port $port is taken by a process this project did not start; stop it or change infra/cluster/env.sh"
  touch "$logfile"
  log_from[$name]="$(stat -c %s "$logfile")"
  local env=()
  case "$app" in
    api) env=("API_PORT=$port") ;;
    bridge) env=("BRIDGE_HEALTH_PORT=$port") ;;
  esac
  log "starting $name${env[0]:+ (${env[0]})}"
  # shellcheck disable=SC2086
  # Each process connects to Kafka as its own principal, with only its rights (events/kafka-acls.ts).
  start_daemon "$name" "$logfile" env "${env[@]}" bash infra/as-principal.sh "dolbom-$app" bash infra/supervise.sh "$name" node $(dolbom_node_flags "$app") --import tsx "workers/$app-main.ts"
}
started_since() { # started_since <name> <app>: this start of the process logged that it started (the API: that it listens)
  local what='"msg":"'"$2"' started"'
  [[ "$2" == api ]] && what='"msg":"API listening"'
  tail -c "+$((log_from[$1] + 1))" "$LOG_DIR/$1.log" | grep -qF "$what"
}
wait_started() { # wait_started <name> <app>
  wait_until "$1" "$READY_TIMEOUT_SECONDS" started_since "$1" "$2" || die "$1 did not start; see $LOG_DIR/$1.log"
}

# The first API process starts alone: it creates the local signing key, and that creation is not exclusive
# (api/auth/tokens.ts; the other keys are: privacy/local-secret-file.ts). The others then start together.
# (Not `| head -n 1`: under pipefail a SIGPIPE of the loop, once head has exited, ends this script without a word;
# cluster:up once exited silently here.)
first_api=""
for p in "${CLUSTER_DOLBOM_PROCESSES[@]}"; do read -r name app _ <<<"$p"; [[ "$app" == api ]] && { first_api="$name"; break; }; done
started=()
for phase in first rest; do
  for p in "${CLUSTER_DOLBOM_PROCESSES[@]}"; do
    read -r name app port <<<"$p"
    [[ "$phase" == first && "$name" != "$first_api" ]] && continue
    [[ "$phase" == rest && "$name" == "$first_api" ]] && continue
    pid_alive "$name" && { log "$name already running (pid $(cat "$RUN_DIR/$name.pid"))"; continue; }
    start_app "$name" "$app" "$port"
    started+=("$name:$app")
  done
  for s in "${started[@]}"; do wait_started "${s%%:*}" "${s#*:}"; done
  started=()
done
