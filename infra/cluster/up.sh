#!/usr/bin/env bash
# `npm run cluster:up`: the production-shaped stack, all on 127.0.0.1, data in .data/cluster. PostgreSQL and
# the Temporal schemas, then the Temporal services and the three Kafka nodes side by side, then Dolbom's
# processes. Idempotent: what runs is left running. The single-node stack (npm start) is a separate thing.
source "$(dirname "$0")/env.sh"
[[ $# -eq 0 ]] || die "infra/cluster/up.sh takes no options (got: $*)"
started_at=$SECONDS
here="$DOLBOM_ROOT/infra/cluster"
bash "$DOLBOM_ROOT/infra/install-temporal-server.sh"
bash "$here/postgres.sh"
bash "$here/kafka.sh" &
kafka_job=$!
bash "$here/temporal.sh"
wait "$kafka_job" || die "Kafka did not come up; see $LOG_DIR/kafka-*.log"
bash "$here/dolbom.sh"
log "cluster up in $((SECONDS - started_at))s"
bash "$here/status.sh"
