#!/usr/bin/env bash
# Reports which local servers run, their ports and where to look.
source "$(dirname "$0")/env.sh"
show() { # show <name> <description>
  if pid_alive "$1"; then printf '  %-12s running  pid %-7s %s\n' "$1" "$(cat "$RUN_DIR/$1.pid")" "$2"
  else printf '  %-12s stopped           %s\n' "$1" "$2"; fi
}
echo "Dolbom local infrastructure (data: $DOLBOM_DATA_DIR, cache: $DOLBOM_CACHE_DIR)"
show temporal "gRPC 127.0.0.1:$TEMPORAL_PORT  Web UI http://127.0.0.1:$TEMPORAL_UI_PORT  namespace $TEMPORAL_NAMESPACE"
show kafka "bootstrap 127.0.0.1:$KAFKA_PORT"
show postgres "127.0.0.1:${POSTGRES_PORT:-5433} (only with DATABASE_URL; tests use it too)"
for app in worker bridge api; do show "$app" "Dolbom $app process"; done

# The Kafka consumers inside the bridge and the API: in their group or not, and how far behind.
consumers() { # consumers <name> <url>
  local body; body="$(curl -s --max-time 5 "$2" 2>/dev/null)" || { printf '  %-12s consumers: no answer from %s\n' "$1" "$2"; return; }
  node -e '
    const [name, raw] = process.argv.slice(1);
    try {
      const b = JSON.parse(raw);
      for (const c of b.consumers ?? []) console.log(`  ${name.padEnd(12)} consumer ${c.name}: ${c.state}, partitions ${Object.values(c.assigned ?? {}).flat().length}, lag ${c.lag ?? "?"}, restarts ${c.restarts}`);
    } catch { console.log(`  ${name.padEnd(12)} consumers: unreadable answer`); }' "$1" "$body"
}
pid_alive bridge && consumers bridge "http://127.0.0.1:${BRIDGE_HEALTH_PORT:-8091}/health/ready"
pid_alive api && consumers api "http://127.0.0.1:${API_PORT:-8080}/health/ready"
exit 0
