#!/usr/bin/env bash
# The cluster's PostgreSQL: its own cluster in .data/cluster/postgres on 127.0.0.1:$CLUSTER_POSTGRES_PORT, started
# with the single-node script (infra/postgres-up.sh), holding Temporal's persistence (`temporal`) and visibility
# (`temporal_visibility`) and Dolbom's audit store (`dolbom`, DATABASE_URL of the API processes). The Temporal
# schemas are created and brought up to date with the server's own schema tool (schemas embedded in it).
source "$(dirname "$0")/env.sh"
bash "$DOLBOM_ROOT/infra/install-temporal-server.sh"
POSTGRES_PORT="$CLUSTER_POSTGRES_PORT" POSTGRES_DB="$CLUSTER_DOLBOM_DB" bash "$DOLBOM_ROOT/infra/postgres-up.sh" >/dev/null

sql_tool() { "$TEMPORAL_SQL_TOOL_BIN" --plugin postgres12 --endpoint 127.0.0.1 --port "$CLUSTER_POSTGRES_PORT" --user postgres "$@"; }
for pair in temporal:postgresql/v12/temporal temporal_visibility:postgresql/v12/visibility; do
  db="${pair%%:*}" schema="${pair#*:}"
  # `create` fails on an existing database; `setup-schema -v 0.0` is skipped once the version table is there.
  sql_tool --db "$db" create-database >>"$LOG_DIR/temporal-schema.log" 2>&1 || true
  if ! sql_tool --db "$db" update-schema --schema-name "$schema" >>"$LOG_DIR/temporal-schema.log" 2>&1; then
    sql_tool --db "$db" setup-schema -v 0.0 >>"$LOG_DIR/temporal-schema.log" 2>&1 \
      || die "could not set up the $db schema; see $LOG_DIR/temporal-schema.log"
    sql_tool --db "$db" update-schema --schema-name "$schema" >>"$LOG_DIR/temporal-schema.log" 2>&1 \
      || die "could not update the $db schema; see $LOG_DIR/temporal-schema.log"
    log "Temporal schema $schema installed in database $db"
  fi
done
