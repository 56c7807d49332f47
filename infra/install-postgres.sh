#!/usr/bin/env bash
# Debian's PostgreSQL server, for running the audit store on a real database (DATABASE_URL). Installed once;
# the project runs its own cluster in the data folder (infra/postgres-up.sh), not Debian's system cluster.
source "$(dirname "$0")/env.sh"
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && exit 0
log "installing PostgreSQL from Debian"
if [[ $(id -u) -eq 0 ]]; then
  (apt-get install -y -q postgresql >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q postgresql >/dev/null 2>&1; }) \
    || die "could not install PostgreSQL with apt-get (apt-get install postgresql)"
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get install -y -q postgresql >/dev/null || die "could not install PostgreSQL (sudo apt-get install postgresql)"
else
  die "PostgreSQL is missing: install Debian's postgresql package (apt-get install postgresql) as root"
fi
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null \
  || die "the postgresql package is installed but no /usr/lib/postgresql/*/bin/initdb was found"
