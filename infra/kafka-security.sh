# Kafka identities for the local broker (sourced by infra/up.sh and the start/test scripts, never run):
# a local CA and the broker's certificate (openssl), and a random password per Dolbom principal, all under
# $KAFKA_SECURITY_DIR (.data/kafka/security, read back by platform/local-kafka-credentials.ts).
KAFKA_SECURITY_DIR="$DOLBOM_DATA_DIR/kafka/security"
KAFKA_ADMIN_USER="dolbom-admin" # events/kafka-acls.ts DOLBOM_PRINCIPALS.admin: the broker's super user

kafka_principals() { node --import tsx "$DOLBOM_ROOT/scripts/kafka-provision.ts" --principals; }
kafka_password() { cat "$KAFKA_SECURITY_DIR/$1.password"; }

# ensure_kafka_identities: the CA, the broker certificate (for 127.0.0.1 and localhost) and the passwords, once.
ensure_kafka_identities() {
  require openssl "Install openssl (Debian: apt-get install openssl)."
  local d="$KAFKA_SECURITY_DIR"
  mkdir -p "$d" && chmod 700 "$d"
  if [[ ! -f "$d/ca.pem" ]]; then
    log "making a local CA and the broker's certificate in $d"
    (umask 077
      openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Dolbom local Kafka CA" \
        -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
      openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$d/broker.key" -out "$d/broker.csr" 2>/dev/null
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n' >"$d/broker.ext"
      openssl x509 -req -in "$d/broker.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 3650 \
        -extfile "$d/broker.ext" -out "$d/broker.crt" 2>/dev/null
      # Kafka's PEM keystore: the PKCS#8 key, then the certificate chain.
      openssl pkcs8 -topk8 -nocrypt -in "$d/broker.key" >"$d/broker.pem"
      cat "$d/broker.crt" "$d/ca.pem" >>"$d/broker.pem"
      rm -f "$d/broker.csr" "$d/broker.ext") || die "could not make the Kafka certificates"
  fi
  local p
  for p in $(kafka_principals); do
    [[ -f "$d/$p.password" ]] || (umask 077; openssl rand -hex 24 >"$d/$p.password")
  done
}

# kafka_scram_args: StorageTool's --add-scram arguments for every Dolbom principal (KIP-900, at format time).
kafka_scram_args() {
  local p
  for p in $(kafka_principals); do
    printf -- '--add-scram\nSCRAM-SHA-512=[name=%s,password=%s]\n' "$p" "$(kafka_password "$p")"
  done
}

# kafka_listeners <port> <controller port>: the listeners and security every broker of the project shares
# (infra/kafka/listeners.properties.template), for a broker on these ports; appended to its own properties.
kafka_listeners() {
  sed -e "s#@KAFKA_PORT@#$1#g" -e "s#@KAFKA_CONTROLLER_PORT@#$2#g" -e "s#@KAFKA_SECURITY_DIR@#$KAFKA_SECURITY_DIR#g" \
      -e "s#@KAFKA_ADMIN_USER@#$KAFKA_ADMIN_USER#g" -e "s#@KAFKA_ADMIN_PASSWORD@#$(kafka_password "$KAFKA_ADMIN_USER")#g" \
      "$DOLBOM_ROOT/infra/kafka/listeners.properties.template"
}

# kafka_format_once <log dir> <cluster id> <properties> <log file> <marker>: formats a node's storage with the SCRAM
# users of Dolbom's principals (KRaft reads them from the bootstrap metadata only, KIP-900), once; the marker says
# the storage was made with them, and storage made before identities existed is refused.
kafka_format_once() {
  local dir="$1" cluster_id="$2" props="$3" logfile="$4" marker="$5"
  if [[ ! -f "$dir/meta.properties" ]]; then
    log "formatting Kafka storage $dir (cluster $cluster_id) with the SCRAM users of Dolbom's principals"
    local scram=(); mapfile -t scram < <(kafka_scram_args)
    java -cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$DOLBOM_ROOT/infra/kafka/log4j.properties" \
      kafka.tools.StorageTool format -t "$cluster_id" -c "$props" "${scram[@]}" >>"$logfile" 2>&1 \
      || die "could not format Kafka storage $dir; see $logfile"
    touch "$marker"
  elif [[ ! -f "$marker" ]]; then
    die "the Kafka data in $dir was made before the broker had identities (SASL_SSL); delete it to start afresh (npm run reset for the single broker)"
  fi
}

# kafka_api_versions <brokers>: each broker's API versions, asked as the admin principal (answers once a broker
# serves, in KRaft once the quorum has a leader); used to wait for the brokers.
kafka_api_versions() {
  java -cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$DOLBOM_ROOT/infra/kafka/log4j.properties" \
    kafka.admin.BrokerApiVersionsCommand --bootstrap-server "$1" --command-config "$(kafka_admin_properties)"
}

# kafka_provision <brokers> <replication factor>: the project's topics and the ACLs of Dolbom's processes, as the
# admin principal (scripts/kafka-provision.ts; idempotent).
kafka_provision() {
  (eval "$(kafka_client_env "$KAFKA_ADMIN_USER")" && KAFKA_BROKERS="$1" KAFKA_REPLICATION_FACTOR="$2" LOG_LEVEL=warn \
    node --import tsx "$DOLBOM_ROOT/scripts/kafka-provision.ts") || die "could not provision Kafka topics and ACLs"
}

# kafka_client_env <principal>: the environment of a process that connects as that principal (platform/config.ts).
kafka_client_env() {
  printf 'export KAFKA_SSL=true KAFKA_SSL_CA=%q KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_SASL_USERNAME=%q KAFKA_SASL_PASSWORD=%q\n' \
    "$KAFKA_SECURITY_DIR/ca.pem" "$1" "$(kafka_password "$1")"
}

# kafka_admin_properties: a Java client config file for the admin tools (ConfigCommand, AclCommand).
kafka_admin_properties() {
  local f="$KAFKA_SECURITY_DIR/admin.properties"
  (umask 077; cat >"$f" <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN_USER" password="$(kafka_password "$KAFKA_ADMIN_USER")";
ssl.truststore.type=PEM
ssl.truststore.location=$KAFKA_SECURITY_DIR/ca.pem
PROPS
  )
  echo "$f"
}
