#!/usr/bin/env bash
# Installs (once, cached) and starts the local servers: Temporal dev server on SQLite, Kafka KRaft broker,
# Idempotent: what runs is left running. (Time-skipping test servers are spawned per test suite instead.)
source "$(dirname "$0")/env.sh"
source "$(dirname "$0")/kafka-security.sh"
[[ $# -eq 0 ]] || die "infra/up.sh takes no options (got: $*)"

bash "$DOLBOM_ROOT/infra/install-temporal.sh"
bash "$DOLBOM_ROOT/infra/install-kafka.sh"

temporal_healthy() { "$TEMPORAL_BIN" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" 2>/dev/null | grep -q SERVING; }

start_temporal() {
  if pid_alive temporal; then log "Temporal already running (pid $(cat "$RUN_DIR/temporal.pid"))"; return; fi
  port_open "$TEMPORAL_PORT" && die "port $TEMPORAL_PORT is taken by a process this project did not start; stop it or set TEMPORAL_PORT"
  mkdir -p "$DOLBOM_DATA_DIR/temporal"
  local sa_args=()
  while IFS= read -r pair; do sa_args+=(--search-attribute "$pair"); done < <(
    node -e 'for (const [k, v] of Object.entries(require(process.argv[1]))) console.log(`${k}=${v}`)' \
      "$DOLBOM_ROOT/workflows/search-attributes.json")
  # The dev server re-reads the search attributes from its database on every read (a default meant for tests,
  # which add attributes mid-run); ours are all registered by the flags above before it serves, so the cache
  # holds. That read was 31% of its persistence calls in the benchmark (docs/performance.md).
  # Eager activities: an activity a workflow task schedules on its own task queue comes back to the worker in the
  # answer to that task's completion, instead of through a poll of the task queue (off by default in the server;
  # the SDK's maxEagerActivityReservationsPerWorkflowTask asks for it). docs/performance.md has the effect.
  # One partition per task queue: this server has one worker, whose few pollers otherwise wait on one partition while
  # a task (a new case's first, a referral's first) waits on another until it is forwarded (the default, 4, is for
  # many workers and thousands of tasks a second; the cluster stack keeps it: infra/cluster/temporal/dynamicconfig.yaml).
  # The transfer queue read up to 200 times a second, not 20: the limit is per history shard
  # (history.transferProcessorMaxPollRPS in go.temporal.io/server's dynamicconfig), and the dev server has one shard
  # (temporalcli/devserver: NumHistoryShards = 1) where a cluster has hundreds, so every task that goes through that
  # queue (a signal, the workflow task it wakes, a child's start, a new workflow's first task) waited up to 50 ms for
  # the next read. The cluster stack keeps the default (docs/performance.md, 2026-12-03 morning, has the effect).
  # SQLite's page cache at 64 MiB and the database memory-mapped: the dev server runs every persistence call through
  # one SQLite connection (SetMaxOpenConns(1) in go.temporal.io/server's sqlite plugin), so a statement that reads
  # pages through the 2 MiB default cache holds every other one behind it (docs/performance.md, 2026-12-02 evening).
  log "starting Temporal dev server on 127.0.0.1:$TEMPORAL_PORT (Web UI :$TEMPORAL_UI_PORT, data $DOLBOM_DATA_DIR/temporal)"
  start_daemon temporal "$LOG_DIR/temporal.log" "$TEMPORAL_BIN" server start-dev \
    --db-filename "$DOLBOM_DATA_DIR/temporal/temporal.db" \
    --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal \
    --sqlite-pragma cache_size=-65536 --sqlite-pragma mmap_size=268435456 \
    --ip 127.0.0.1 --ui-ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --http-port "$TEMPORAL_HTTP_PORT" --metrics-port "$TEMPORAL_METRICS_PORT" \
    --namespace "$TEMPORAL_NAMESPACE" "${sa_args[@]}" \
    --ui-codec-endpoint "${TEMPORAL_UI_CODEC_ENDPOINT:-http://127.0.0.1:${API_PORT:-8080}/codec}" \
    --dynamic-config-value frontend.enableUpdateWorkflowExecution=true \
    --dynamic-config-value frontend.workerVersioningDataAPIs=true \
    --dynamic-config-value system.forceSearchAttributesCacheRefreshOnRead=false \
    --dynamic-config-value system.enableActivityEagerExecution=true \
    --dynamic-config-value matching.numTaskqueueReadPartitions=1 \
    --dynamic-config-value matching.numTaskqueueWritePartitions=1 \
    --dynamic-config-value history.transferProcessorMaxPollRPS=200 \
    --log-level warn --log-format json
}

kafka_ready() { kafka_api_versions "127.0.0.1:$KAFKA_PORT"; }

start_kafka() {
  if pid_alive kafka; then log "Kafka already running (pid $(cat "$RUN_DIR/kafka.pid"))"; return; fi
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by a process this project did not start; stop it or set KAFKA_PORT"
  local dir="$DOLBOM_DATA_DIR/kafka" props="$DOLBOM_DATA_DIR/kafka/server.properties"
  mkdir -p "$dir/logs"
  ensure_kafka_identities
  (umask 077
    sed -e "s#@KAFKA_CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" -e "s#@KAFKA_LOG_DIRS@#$dir/logs#g" \
      "$DOLBOM_ROOT/infra/kafka/server.properties.template" >"$props"
    kafka_listeners "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" >>"$props")
  local cp=(-cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$DOLBOM_ROOT/infra/kafka/log4j.properties")
  local cluster_id=""
  [[ -f "$dir/logs/meta.properties" ]] || cluster_id="$(java "${cp[@]}" kafka.tools.StorageTool random-uuid)"
  kafka_format_once "$dir/logs" "$cluster_id" "$props" "$LOG_DIR/kafka.log" "$KAFKA_SECURITY_DIR/.scram-bootstrapped"
  log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (data $dir/logs)"
  start_daemon kafka "$LOG_DIR/kafka.log" java -Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dkafka.logs.dir="$LOG_DIR" "${cp[@]}" kafka.Kafka "$props"
}

start_temporal
start_kafka

wait_until "Temporal" "$READY_TIMEOUT_SECONDS" temporal_healthy \
  || die "Temporal did not report SERVING within ${READY_TIMEOUT_SECONDS}s; see $LOG_DIR/temporal.log"
wait_until "Kafka" "$READY_TIMEOUT_SECONDS" kafka_ready \
  || die "Kafka did not answer within ${READY_TIMEOUT_SECONDS}s; see $LOG_DIR/kafka.log (is JDK 17 installed?)"
# Topics and the ACLs of Dolbom's processes, as the admin principal (idempotent).
kafka_provision "127.0.0.1:$KAFKA_PORT" 1
bash "$DOLBOM_ROOT/infra/status.sh"
