#!/usr/bin/env bash
# Builds the Temporal CLI (dev server with SQLite and Web UI) from the Go module proxy, once, into the cache.
source "$(dirname "$0")/env.sh"
if [[ -x "$TEMPORAL_BIN" ]]; then exit 0; fi
require go "Install Go (https://go.dev/doc/install or Debian's golang package): the Temporal CLI is built from the Go module proxy."
log "building Temporal CLI $TEMPORAL_CLI_VERSION from the Go module proxy (cold: ~10 minutes, ~1 GB module cache)"
tmp="$(mktemp -d)"
if ! (cd "$tmp" && CGO_ENABLED=0 GOBIN="$tmp/bin" GOFLAGS=-buildvcs=false \
      go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION") >"$LOG_DIR/temporal-build.log" 2>&1; then
  log "first build failed; retrying with GOTOOLCHAIN=go1.25.5 (see $LOG_DIR/temporal-build.log)"
  (cd "$tmp" && GOTOOLCHAIN=go1.25.5 CGO_ENABLED=0 GOBIN="$tmp/bin" GOFLAGS=-buildvcs=false \
      go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION") >>"$LOG_DIR/temporal-build.log" 2>&1 \
    || die "could not build the Temporal CLI; see $LOG_DIR/temporal-build.log (needs the Go module proxy reachable)"
fi
mkdir -p "$(dirname "$TEMPORAL_BIN")"
mv "$tmp/bin/temporal" "$TEMPORAL_BIN"
rm -rf "$tmp"
log "Temporal CLI installed at $TEMPORAL_BIN"
