#!/usr/bin/env bash
# Fetches Apache Kafka's own jars (broker, KRaft tools, a logging binding) from Maven Central, once, into the cache.
source "$(dirname "$0")/env.sh"
if [[ -f "$KAFKA_LIBS/.complete" ]]; then exit 0; fi
require java "Install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)."
require mvn "Install Maven (Debian: apt-get install maven): Kafka's jars come from Maven Central."
log "fetching Apache Kafka $KAFKA_VERSION jars from Maven Central"
rm -rf "$KAFKA_LIBS" && mkdir -p "$KAFKA_LIBS"
mvn -B -q -f "$DOLBOM_ROOT/infra/kafka/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS" >"$LOG_DIR/kafka-fetch.log" 2>&1 \
  || die "could not fetch Kafka jars; see $LOG_DIR/kafka-fetch.log"
touch "$KAFKA_LIBS/.complete"
log "Kafka jars in $KAFKA_LIBS"
