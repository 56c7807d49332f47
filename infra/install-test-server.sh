#!/usr/bin/env bash
# Fetches Temporal's Java test server (time skipping, for tests of long timers) from Maven Central, once.
source "$(dirname "$0")/env.sh"
fetch_maven_jars "temporal-test-server $TEST_SERVER_VERSION" "$DOLBOM_ROOT/infra/test-server/pom.xml" "$TEST_SERVER_LIBS"
