#!/usr/bin/env bash
# Fetches Temporal's Java test server (time skipping, for tests of long timers) from Maven Central, once, and records
# a class-data archive of one start of it (JDK AppCDS), which infra/test-server/temporal-test-server loads: the SDK
# gives the server it spawns 5 s to answer (test/harness/time-skipping.ts), and the archive takes a start from about
# 0.9 s to 0.3 s on an idle machine, so a loaded one stays inside that.
source "$(dirname "$0")/env.sh"
fetch_maven_jars "temporal-test-server $TEST_SERVER_VERSION" "$DOLBOM_ROOT/infra/test-server/pom.xml" "$TEST_SERVER_LIBS"

archive="$TEST_SERVER_LIBS/../test-server.jsa"
[[ -f "$archive" ]] && exit 0
log "recording the test server's class-data archive"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true -XX:ArchiveClassesAtExit="$archive.tmp" \
  -cp "$TEST_SERVER_LIBS/*" io.temporal.testserver.TestServer "$port" --enable-time-skipping >"$LOG_DIR/test-server-archive.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
sleep 1
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
# A start without the archive still works (the launcher uses it only when present), so a failed recording is no error.
if [[ -s "$archive.tmp" ]]; then mv "$archive.tmp" "$archive"; else log "no class-data archive recorded; see $LOG_DIR/test-server-archive.log"; fi
