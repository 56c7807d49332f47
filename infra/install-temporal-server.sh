#!/usr/bin/env bash
# Builds, once, the production-shaped Temporal server for the cluster stack into the cache: the server
# (go.temporal.io/server/cmd/server v1.29.1, the one the CLI v1.5.1 embeds), its SQL schema tool (cmd/tools/sql)
# and the Web UI server (github.com/temporalio/ui-server/v2). The Go module in infra/temporal-server requires the
# CLI too, so this reuses the module and build cache of infra/install-temporal.sh (run first: warm, ~2 minutes).
source "$(dirname "$0")/cluster/env.sh"
if [[ -x "$TEMPORAL_SERVER_BIN" && -x "$TEMPORAL_SQL_TOOL_BIN" && -x "$TEMPORAL_UI_SERVER_BIN" ]]; then exit 0; fi
require go "Install Go (https://go.dev/doc/install or Debian's golang package): the Temporal server is built from the Go module proxy."
bash "$DOLBOM_ROOT/infra/install-temporal.sh"
log "building Temporal server $TEMPORAL_SERVER_VERSION, its SQL tool and the Web UI server (warm cache: a few minutes)"
tmp="$(mktemp -d)"
build() { # build <package> <output name>
  (cd "$DOLBOM_ROOT/infra/temporal-server" && nice -n 10 env CGO_ENABLED=0 GOFLAGS="-buildvcs=false -mod=readonly" \
    go build -o "$tmp/$2" "$1") >>"$LOG_DIR/temporal-server-build.log" 2>&1 \
    || die "could not build $1; see $LOG_DIR/temporal-server-build.log (needs the Go module proxy reachable)"
}
build go.temporal.io/server/cmd/server temporal-server
build go.temporal.io/server/cmd/tools/sql temporal-sql-tool
build github.com/temporalio/ui-server/v2/cmd/server temporal-ui-server
mkdir -p "$(dirname "$TEMPORAL_SERVER_BIN")"
mv "$tmp/temporal-server" "$TEMPORAL_SERVER_BIN"
mv "$tmp/temporal-sql-tool" "$TEMPORAL_SQL_TOOL_BIN"
mv "$tmp/temporal-ui-server" "$TEMPORAL_UI_SERVER_BIN"
rm -rf "$tmp"
log "Temporal server installed in $(dirname "$TEMPORAL_SERVER_BIN")"
