#!/usr/bin/env bash
# The whole test suite, against real servers: installs what is missing, starts the servers it needs (and stops
# afterwards only the ones it started), then typecheck, lint, unit and integration tests, then the fault runs
# (npm run test:faults, on their own stack), then the same on the cluster stack (npm run test:faults -- --stack
# cluster). Arguments go to Jest, and then the fault runs are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
source infra/env.sh

already_running=()
for s in kafka temporal postgres; do pid_alive "$s" && already_running+=("$s"); done
started_cluster=0
cleanup() {
  [[ "$started_cluster" == 0 ]] || bash infra/cluster/down.sh >/dev/null 2>&1 || true
  [[ " ${already_running[*]} " == *" postgres "* ]] || bash infra/postgres-down.sh >/dev/null 2>&1 || true
  for s in kafka temporal; do
    [[ " ${already_running[*]} " == *" $s "* ]] || stop_daemon "$s"
  done
}
trap cleanup EXIT

bash infra/up.sh >/dev/null
# Each time-skipping suite spawns its own Java test server (infra/test-server/temporal-test-server).
bash infra/install-test-server.sh
bash infra/install-kcat.sh
# The audit store's tests run on PostgreSQL (Debian's package) as well as the embedded PGlite.
bash infra/install-postgres.sh
# The console's browser tests drive Debian's chromium (never a downloaded browser), with Hangul fonts.
bash infra/install-browser.sh
bash infra/postgres-up.sh >/dev/null
# The tests set up topics under their own prefixes, as the admin principal of the local broker.
source infra/kafka-security.sh
[[ -n "${KAFKA_SASL_USERNAME:-}" ]] || eval "$(kafka_client_env "$KAFKA_ADMIN_USER")"

echo "[dolbom] typecheck" >&2
npx tsc --noEmit
echo "[dolbom] lint" >&2
npx eslint .
echo "[dolbom] format (prettier --check; npm run format writes it)" >&2
npx prettier --check . >/dev/null || { npx prettier --list-different .; echo "[dolbom] files not formatted: npm run format" >&2; exit 1; }
echo "[dolbom] tests" >&2
npx jest --runInBand --forceExit --ci "$@"
if [[ $# -eq 0 ]]; then echo "[dolbom] console in the browser" >&2; npx playwright test -c console; fi
if [[ $# -eq 0 ]]; then bash scripts/test-faults.sh; fi
# Issue 15: the same load on the cluster stack (docs/cluster.md), one process of each kind killed in turn. It starts
# the cluster when it is not running (data in .data/cluster), and this takes it down again unless it was running.
if [[ $# -eq 0 ]]; then
  [[ $(bash infra/cluster/status.sh 2>/dev/null | grep -c ' running ' || true) -gt 0 ]] || started_cluster=1
  # The cluster has its own CA and identities (.data/cluster): not the single broker's credentials exported above.
  env -u KAFKA_SSL -u KAFKA_SSL_CA -u KAFKA_SASL_MECHANISM -u KAFKA_SASL_USERNAME -u KAFKA_SASL_PASSWORD bash scripts/test-faults.sh --stack cluster
fi
