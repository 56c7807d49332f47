#!/usr/bin/env bash
# The cluster's Kafka: three KRaft nodes (broker and controller each) from the same 3.9.1 jars as the single
# broker, data in .data/cluster/kafka-N. A node's properties are its own settings
# (infra/kafka/cluster-node.properties.template) plus the listeners and security every broker of this project shares
# (infra/kafka/listeners.properties.template: SASL_SSL for clients and between brokers, ACLs), as the single broker.
# The cluster has its own CA, broker certificate and principals' passwords (.data/cluster/kafka/security,
# infra/kafka-security.sh). Storage is formatted once, every node with the same cluster id and the SCRAM users.
# Once the nodes answer, the project's topics (replication 3) and ACLs are provisioned as the admin principal.
source "$(dirname "$0")/env.sh"
source "$DOLBOM_ROOT/infra/kafka-security.sh"
bash "$DOLBOM_ROOT/infra/install-kafka.sh"
cp=(-cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$DOLBOM_ROOT/infra/kafka/log4j.properties")

voters=()
for n in "${CLUSTER_KAFKA_NODES[@]}"; do read -r id _ controller <<<"$n"; voters+=("$id@127.0.0.1:$controller"); done
voters="$(IFS=,; echo "${voters[*]}")"

node_properties() { # node_properties <id> <port> <controller port> <log dirs>
  sed -e "s#@KAFKA_NODE_ID@#$1#g" -e "s#@KAFKA_QUORUM_VOTERS@#$voters#g" -e "s#@KAFKA_LOG_DIRS@#$4#g" \
      -e "s#@KAFKA_REPLICATION_FACTOR@#$CLUSTER_KAFKA_REPLICATION_FACTOR#g" -e "s#@KAFKA_MIN_INSYNC_REPLICAS@#$CLUSTER_KAFKA_MIN_INSYNC_REPLICAS#g" \
      "$DOLBOM_ROOT/infra/kafka/cluster-node.properties.template"
  kafka_listeners "$2" "$3"
}

ensure_kafka_identities

cluster_id_file="$DOLBOM_DATA_DIR/kafka-cluster-id"
[[ -f "$cluster_id_file" ]] || java "${cp[@]}" kafka.tools.StorageTool random-uuid >"$cluster_id_file"
cluster_id="$(cat "$cluster_id_file")"

for n in "${CLUSTER_KAFKA_NODES[@]}"; do
  read -r id port controller <<<"$n"
  name="kafka-$id" dir="$DOLBOM_DATA_DIR/kafka-$id"
  if pid_alive "$name"; then log "$name already running (pid $(cat "$RUN_DIR/$name.pid"))"; continue; fi
  port_open "$port" && die "port $port is taken by a process this project did not start; stop it or change infra/cluster/env.sh"
  mkdir -p "$dir/logs"
  (umask 077; node_properties "$id" "$port" "$controller" "$dir/logs" >"$dir/server.properties")
  kafka_format_once "$dir/logs" "$cluster_id" "$dir/server.properties" "$LOG_DIR/$name.log" "$dir/.scram-bootstrapped"
  log "starting $name on 127.0.0.1:$port (controller :$controller, data $dir/logs)"
  start_daemon "$name" "$LOG_DIR/$name.log" java -Xms128m "-Xmx$CLUSTER_KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dkafka.logs.dir="$LOG_DIR" "${cp[@]}" kafka.Kafka "$dir/server.properties"
done

# Ready when every node answers and the quorum has a leader (a node's API versions come back only then).
nodes_ready() { kafka_api_versions "$CLUSTER_KAFKA_BROKERS" 2>/dev/null | grep -c ' (id: ' | grep -qx "${#CLUSTER_KAFKA_NODES[@]}"; }
wait_until "Kafka (${#CLUSTER_KAFKA_NODES[@]} nodes)" "$READY_TIMEOUT_SECONDS" nodes_ready \
  || die "the Kafka nodes did not all answer within ${READY_TIMEOUT_SECONDS}s; see $LOG_DIR/kafka-*.log"
kafka_provision "$CLUSTER_KAFKA_BROKERS" "$CLUSTER_KAFKA_REPLICATION_FACTOR"
