#!/usr/bin/env bash
# supervise.sh <name> <command...>: runs one of Dolbom's processes and restarts it a second after it exits on its
# own (as systemd's Restart=on-failure would): a Kafka consumer that crashed for good exits its process
# (platform/kafka-consumer.ts), and comes back here. Stops, with its child, when it is signalled (npm stop).
set -uo pipefail
name="$1"; shift
child=""
stop() { [[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0; }
trap stop TERM INT
restarts=0
while true; do
  "$@" &
  child=$!
  wait "$child"
  code=$?
  restarts=$((restarts + 1))
  printf '{"level":40,"time":%s,"name":"dolbom-supervise","process":"%s","exitCode":%s,"restarts":%s,"msg":"process exited on its own; restarting in 1 s"}\n' \
    "$(date +%s%3N)" "$name" "$code" "$restarts"
  sleep 1
done
