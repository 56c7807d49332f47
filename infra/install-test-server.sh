#!/usr/bin/env bash
# Fetches Temporal's Java test server (time skipping, for tests of long timers) from Maven Central, once.
source "$(dirname "$0")/env.sh"
if [[ -f "$TEST_SERVER_LIBS/.complete" ]]; then exit 0; fi
require java "Install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)."
require mvn "Install Maven (Debian: apt-get install maven)."
log "fetching temporal-test-server $TEST_SERVER_VERSION from Maven Central"
rm -rf "$TEST_SERVER_LIBS" && mkdir -p "$TEST_SERVER_LIBS"
mvn -B -q -f "$DOLBOM_ROOT/infra/test-server/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$TEST_SERVER_LIBS" >"$LOG_DIR/test-server-fetch.log" 2>&1 \
  || die "could not fetch the Temporal test server; see $LOG_DIR/test-server-fetch.log"
touch "$TEST_SERVER_LIBS/.complete"
