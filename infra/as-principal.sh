#!/usr/bin/env bash
# as-principal.sh <principal> <command...>: runs the command connecting to the local broker as that principal
# (TLS with the local CA, SCRAM with its password from .data/kafka/security), unless KAFKA_SASL_USERNAME is set
# already (a cluster elsewhere: its credentials come from the environment, platform/config.ts).
source "$(dirname "$0")/env.sh"
source "$(dirname "$0")/kafka-security.sh"
[[ $# -ge 2 ]] || die "usage: infra/as-principal.sh <principal> <command...>"
principal="$1"; shift
if [[ -z "${KAFKA_SASL_USERNAME:-}" && -f "$KAFKA_SECURITY_DIR/$principal.password" ]]; then
  eval "$(kafka_client_env "$principal")"
fi
exec "$@"
