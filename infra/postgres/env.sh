# Settings for the project's PostgreSQL cluster (the audit store's database). Sourced after infra/env.sh.
POSTGRES_PORT="${POSTGRES_PORT:-5433}"
POSTGRES_DB="${POSTGRES_DB:-dolbom}"
POSTGRES_DATA="$DOLBOM_DATA_DIR/postgres"
# Debian installs each major version side by side; the newest one is used.
POSTGRES_BIN="${POSTGRES_BIN:-$({ ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true; } | sort -V | tail -n 1)}"
POSTGRES_URL="postgres://postgres@127.0.0.1:$POSTGRES_PORT/$POSTGRES_DB"
# The audit store's two roles (audit/schema.ts): the owner creates the schema (DATABASE_OWNER_URL), the
# application's role may only INSERT and SELECT (DATABASE_URL).
POSTGRES_OWNER_ROLE=dolbom_owner
POSTGRES_APP_ROLE=dolbom_app
POSTGRES_OWNER_URL="postgres://$POSTGRES_OWNER_ROLE@127.0.0.1:$POSTGRES_PORT/$POSTGRES_DB"
POSTGRES_APP_URL="postgres://$POSTGRES_APP_ROLE@127.0.0.1:$POSTGRES_PORT/$POSTGRES_DB"

# PostgreSQL refuses to run as root: as root, its commands run as the `postgres` OS user.
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_ready() { "$POSTGRES_BIN/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT"; }
