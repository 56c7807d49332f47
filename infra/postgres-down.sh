#!/usr/bin/env bash
# Stops the project's PostgreSQL cluster: a fast shutdown (open sessions are ended, data is flushed).
source "$(dirname "$0")/env.sh"
source "$DOLBOM_ROOT/infra/postgres/env.sh"
if [[ -f "$POSTGRES_DATA/postmaster.pid" ]] && [[ -n "$POSTGRES_BIN" ]] \
  && as_postgres "$POSTGRES_BIN/pg_ctl" status -D "$POSTGRES_DATA" >/dev/null 2>&1; then
  as_postgres "$POSTGRES_BIN/pg_ctl" stop -D "$POSTGRES_DATA" -m fast -w >/dev/null || die "PostgreSQL did not stop; see $LOG_DIR/postgres.log"
  log "stopped PostgreSQL"
fi
rm -f "$RUN_DIR/postgres.pid"
