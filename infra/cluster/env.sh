# Settings of the cluster stack (npm run cluster:up): ports, folders and process names. Sourced, never run.
# It points infra/env.sh at the cluster's own data folder (.data/cluster, or DOLBOM_CLUSTER_DATA_DIR), so the
# cluster's pids, logs and data never mix with the single-node stack's, then sources it.
DOLBOM_DATA_DIR="${DOLBOM_CLUSTER_DATA_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.data/cluster}"
export DOLBOM_DATA_DIR
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"

# Every port of the cluster is below 32768, in 31xxx: Linux hands out 32768-60999 as the local ports of outgoing
# connections, and a listener on one of those fails (EADDRINUSE) whenever a client connection holds it (seen: a
# Kafka client of api-1 on 58092, the health port of bridge-2). Temporal's SQL schema also stores membership ports as
# a SMALLINT (cluster_membership.rpc_port), so they could not be higher anyway.
TEMPORAL_SERVER_VERSION="v1.29.1" # the server the CLI v1.5.1 embeds (infra/temporal-server/go.mod)
TEMPORAL_SERVER_DIR="$DOLBOM_CACHE_DIR/temporal-server-$TEMPORAL_SERVER_VERSION"
TEMPORAL_SERVER_BIN="$TEMPORAL_SERVER_DIR/temporal-server"
TEMPORAL_SQL_TOOL_BIN="$TEMPORAL_SERVER_DIR/temporal-sql-tool"
TEMPORAL_UI_SERVER_BIN="$TEMPORAL_SERVER_DIR/temporal-ui-server"

# Temporal: one process per service, two history processes sharing the shards (fixed at schema setup).
CLUSTER_TEMPORAL_SHARDS="${CLUSTER_TEMPORAL_SHARDS:-4}"
CLUSTER_TEMPORAL_FRONTEND_PORT="${CLUSTER_TEMPORAL_FRONTEND_PORT:-31233}"
CLUSTER_TEMPORAL_HTTP_PORT="${CLUSTER_TEMPORAL_HTTP_PORT:-31243}"
CLUSTER_TEMPORAL_UI_PORT="${CLUSTER_TEMPORAL_UI_PORT:-31280}"
CLUSTER_TEMPORAL_ADDRESS="127.0.0.1:$CLUSTER_TEMPORAL_FRONTEND_PORT"
# <process name> <service> <gRPC port> <membership port> <metrics port>, in start order.
CLUSTER_TEMPORAL_PROCESSES=(
  "temporal-history-1 history 31234 31934 31301"
  "temporal-history-2 history 31244 31944 31302"
  "temporal-matching matching 31235 31935 31303"
  "temporal-frontend frontend $CLUSTER_TEMPORAL_FRONTEND_PORT 31933 31300"
  "temporal-worker worker 31239 31939 31304"
)

# PostgreSQL for Temporal (persistence and visibility) and for Dolbom's audit store, in .data/cluster/postgres.
CLUSTER_POSTGRES_PORT="${CLUSTER_POSTGRES_PORT:-31432}"
CLUSTER_DOLBOM_DB="dolbom"

# Kafka: three KRaft nodes, each broker and controller. <node id> <broker port> <controller port>.
CLUSTER_KAFKA_NODES=(
  "1 31092 31093"
  "2 31192 31193"
  "3 31292 31293"
)
CLUSTER_KAFKA_REPLICATION_FACTOR=3 # replicas of every topic, internal ones too
CLUSTER_KAFKA_MIN_INSYNC_REPLICAS=2 # replicas that must have a write (acks=all)
CLUSTER_KAFKA_HEAP="${CLUSTER_KAFKA_HEAP:-384m}"
CLUSTER_KAFKA_BROKERS="$(for n in "${CLUSTER_KAFKA_NODES[@]}"; do read -r _ p _ <<<"$n"; printf '127.0.0.1:%s,' "$p"; done)"
CLUSTER_KAFKA_BROKERS="${CLUSTER_KAFKA_BROKERS%,}"

# Dolbom: two workers, two bridges (one consumer group), two API processes. <name> <app> <port> (the API's
# port, the bridge's health port; workers listen on none).
CLUSTER_DOLBOM_PROCESSES=(
  "worker-1 worker -"
  "worker-2 worker -"
  "bridge-1 bridge 31091"
  "bridge-2 bridge 31191"
  "api-1 api 31080"
  "api-2 api 31081"
)
CLUSTER_API_PORTS=()
for p in "${CLUSTER_DOLBOM_PROCESSES[@]}"; do read -r _ app port <<<"$p"; [[ "$app" == api ]] && CLUSTER_API_PORTS+=("$port"); done
# The Temporal Web UI decodes payloads through the first API process.
CLUSTER_CODEC_ENDPOINT="http://127.0.0.1:${CLUSTER_API_PORTS[0]}/codec"
