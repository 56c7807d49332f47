#!/usr/bin/env bash
# Debian's PostgreSQL server, for running the audit store on a real database (DATABASE_URL). Installed once;
# the project runs its own cluster in the data folder (infra/postgres-up.sh), not Debian's system cluster.
source "$(dirname "$0")/env.sh"
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && exit 0
apt_install postgresql
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null \
  || die "the postgresql package is installed but no /usr/lib/postgresql/*/bin/initdb was found"
