#!/usr/bin/env bash
# Fetches Apache Kafka's own jars (broker, KRaft tools, a logging binding) from Maven Central, once, into the cache.
source "$(dirname "$0")/env.sh"
fetch_maven_jars "Apache Kafka $KAFKA_VERSION" "$DOLBOM_ROOT/infra/kafka/pom.xml" "$KAFKA_LIBS"
