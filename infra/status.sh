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
