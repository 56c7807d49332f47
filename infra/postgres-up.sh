#!/usr/bin/env bash
# Starts the project's PostgreSQL cluster for the audit store: data in $DOLBOM_DATA_DIR/postgres, listening on
# 127.0.0.1:$POSTGRES_PORT (default 5433) only. Creates the cluster and the `dolbom` database on first start.
# Idempotent: a running cluster is left running. Creates the audit store's two roles: dolbom_owner, which owns
# the database's schema and creates the audit table (DATABASE_OWNER_URL), and dolbom_app, the application's
# role, which may not create anything and gets INSERT and SELECT on the table only (DATABASE_URL; see
# audit/schema.ts). Logs both URLs; prints the administrator's URL last (tests create their databases with it).
source "$(dirname "$0")/env.sh"
source "$DOLBOM_ROOT/infra/postgres/env.sh"
[[ $# -eq 0 ]] || die "infra/postgres-up.sh takes no options (got: $*)"

bash "$DOLBOM_ROOT/infra/install-postgres.sh"
POSTGRES_BIN="${POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}"
[[ -x "$POSTGRES_BIN/initdb" ]] || die "no PostgreSQL binaries in '$POSTGRES_BIN'; run infra/install-postgres.sh or set POSTGRES_BIN"

# pg_ctl start returns once the server runs, so the pid recorded is the postmaster's own.
record_pid() { head -n 1 "$POSTGRES_DATA/postmaster.pid" >"$RUN_DIR/postgres.pid"; }

give_to_postgres() { if [[ $(id -u) -eq 0 ]]; then chown postgres: "$@"; fi; }

init_cluster() {
  local version; version="$("$POSTGRES_BIN/postgres" --version | grep -oE '[0-9]+' | head -n 1)"
  if [[ -f "$POSTGRES_DATA/PG_VERSION" ]]; then
    [[ "$(cat "$POSTGRES_DATA/PG_VERSION")" == "$version" ]] \
      || die "$POSTGRES_DATA holds a PostgreSQL $(cat "$POSTGRES_DATA/PG_VERSION") cluster but $POSTGRES_BIN is version $version; set POSTGRES_BIN, or delete the folder to start afresh"
    return
  fi
  log "creating the PostgreSQL $version cluster in $POSTGRES_DATA"
  mkdir -p "$POSTGRES_DATA"
  give_to_postgres "$POSTGRES_DATA"
  chmod 700 "$POSTGRES_DATA"
  as_postgres test -w "$POSTGRES_DATA" \
    || die "the postgres OS user cannot write $POSTGRES_DATA; every folder above it must be searchable by others (chmod o+x), or set DOLBOM_DATA_DIR elsewhere"
  as_postgres "$POSTGRES_BIN/initdb" -D "$POSTGRES_DATA" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=reject \
    >>"$LOG_DIR/postgres.log" 2>&1 || die "initdb failed; see $LOG_DIR/postgres.log"
  cp "$DOLBOM_ROOT/infra/postgres/pg_hba.conf" "$POSTGRES_DATA/pg_hba.conf"
  give_to_postgres "$POSTGRES_DATA/pg_hba.conf"
}

start_postgres() {
  if pid_alive postgres; then log "PostgreSQL already running (pid $(cat "$RUN_DIR/postgres.pid"))"; return; fi
  if [[ -f "$POSTGRES_DATA/postmaster.pid" ]] && as_postgres "$POSTGRES_BIN/pg_ctl" status -D "$POSTGRES_DATA" >/dev/null 2>&1; then
    record_pid; log "PostgreSQL already running (pid $(cat "$RUN_DIR/postgres.pid"))"; return
  fi
  port_open "$POSTGRES_PORT" && die "port $POSTGRES_PORT is taken by a process this project did not start; stop it or set POSTGRES_PORT"
  init_cluster
  touch "$LOG_DIR/postgres.log"
  give_to_postgres "$LOG_DIR/postgres.log"
  log "starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT (data $POSTGRES_DATA)"
  as_postgres "$POSTGRES_BIN/pg_ctl" start -D "$POSTGRES_DATA" -l "$LOG_DIR/postgres.log" -w -t "$READY_TIMEOUT_SECONDS" \
    -o "-k /tmp -p $POSTGRES_PORT -c listen_addresses=127.0.0.1" >/dev/null \
    || die "PostgreSQL did not start; see $LOG_DIR/postgres.log"
  record_pid
}

start_postgres
wait_until "PostgreSQL" "$READY_TIMEOUT_SECONDS" postgres_ready \
  || die "PostgreSQL did not accept connections within ${READY_TIMEOUT_SECONDS}s; see $LOG_DIR/postgres.log"
psql_() { "$POSTGRES_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres "$@"; }
if [[ "$(psql_ -d postgres -tAc "select 1 from pg_database where datname = '$POSTGRES_DB'")" != 1 ]]; then
  log "creating database $POSTGRES_DB"
  psql_ -d postgres -c "create database \"$POSTGRES_DB\"" || die "could not create database $POSTGRES_DB"
fi
# A role that is not the owner cannot alter, disable the triggers of, drop or recreate the audit table.
psql_ -d postgres -c "do \$\$ begin
  if not exists (select from pg_roles where rolname = '$POSTGRES_OWNER_ROLE') then create role $POSTGRES_OWNER_ROLE login; end if;
  if not exists (select from pg_roles where rolname = '$POSTGRES_APP_ROLE') then create role $POSTGRES_APP_ROLE login nocreatedb nocreaterole; end if;
end \$\$" || die "could not create the audit store's roles"
psql_ -d "$POSTGRES_DB" -c "alter schema public owner to $POSTGRES_OWNER_ROLE; revoke create on schema public from public; grant usage on schema public to $POSTGRES_APP_ROLE" \
  || die "could not give the schema of $POSTGRES_DB to $POSTGRES_OWNER_ROLE"
log "audit store roles: owner $POSTGRES_OWNER_URL (DATABASE_OWNER_URL), application $POSTGRES_APP_URL (DATABASE_URL)"
echo "$POSTGRES_URL"
