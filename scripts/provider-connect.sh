#!/usr/bin/env bash
# npm run provider:connect -- --provider <providerId>: onboards a provider system onto the local broker: a SCRAM
# user of its own (a random password, kept under .data/kafka/security/providers), then its topics, ACLs and client
# settings (scripts/provider-connect.ts). Run again, it keeps the password and changes nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
source infra/env.sh
source infra/kafka-security.sh
[[ $# -eq 2 && "$1" == "--provider" ]] || die "usage: npm run provider:connect -- --provider <providerId>"
provider="$2"
node --import tsx scripts/provider-connect.ts --provider "$provider" --check || exit 2
pid_alive kafka || die "the local broker is not running: npm start (or bash infra/up.sh) first"

dir="$KAFKA_SECURITY_DIR/providers"
mkdir -p "$dir" && chmod 700 "$dir"
password_file="$dir/$provider.password"
[[ -f "$password_file" ]] || (umask 077; openssl rand -hex 24 >"$password_file")
principal="provider-$provider" # events/kafka-acls.ts providerPrincipal
log "making the SCRAM user $principal"
java -cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$DOLBOM_ROOT/infra/kafka/log4j.properties" kafka.admin.ConfigCommand \
  --bootstrap-server "127.0.0.1:$KAFKA_PORT" --command-config "$(kafka_admin_properties)" --alter \
  --add-config "SCRAM-SHA-512=[iterations=8192,password=$(cat "$password_file")]" --entity-type users --entity-name "$principal" >/dev/null \
  || die "could not make the SCRAM user $principal"
eval "$(kafka_client_env "$KAFKA_ADMIN_USER")"
KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}" LOG_LEVEL="${LOG_LEVEL:-warn}" \
  node --import tsx scripts/provider-connect.ts --provider "$provider" --password-file "$password_file" --settings-file "$dir/$provider.properties"
