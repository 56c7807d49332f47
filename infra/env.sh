# Shared settings for the infra scripts. Sourced, never run.
# Binaries and downloads are cached outside the repo (reused when present); data lives in one folder.
set -euo pipefail

DOLBOM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DOLBOM_CACHE_DIR="${DOLBOM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dolbom}"
DOLBOM_DATA_DIR="${DOLBOM_DATA_DIR:-$DOLBOM_ROOT/.data}"
RUN_DIR="$DOLBOM_DATA_DIR/run"
LOG_DIR="$DOLBOM_DATA_DIR/logs"

TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
TEMPORAL_BIN="$DOLBOM_CACHE_DIR/temporal-cli-$TEMPORAL_CLI_VERSION/temporal"
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
TEMPORAL_HTTP_PORT="${TEMPORAL_HTTP_PORT:-7243}"
TEMPORAL_METRICS_PORT="${TEMPORAL_METRICS_PORT:-7235}"
TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"

KAFKA_VERSION="3.9.1"
KAFKA_LIBS="$DOLBOM_CACHE_DIR/kafka-$KAFKA_VERSION/libs"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"

TEST_SERVER_VERSION="1.38.0"
TEST_SERVER_LIBS="$DOLBOM_CACHE_DIR/temporal-test-server-$TEST_SERVER_VERSION/libs"

READY_TIMEOUT_SECONDS="${READY_TIMEOUT_SECONDS:-120}"

mkdir -p "$DOLBOM_CACHE_DIR" "$DOLBOM_DATA_DIR" "$RUN_DIR" "$LOG_DIR"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

require() { # require <command> <how to get it>
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed. $2"
}

pid_alive() { [[ -f "$RUN_DIR/$1.pid" ]] && kill -0 "$(cat "$RUN_DIR/$1.pid")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_until <what> <seconds> <command...>: polls until the command succeeds or the time limit passes.
wait_until() {
  local what="$1" limit="$2"; shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS - start >= limit )); then return 1; fi
    sleep 1
  done
  log "$what ready after $((SECONDS - start))s"
}

# apt_install <package>: installs a Debian package as root (or with sudo), updating the index once if needed.
apt_install() {
  local pkg="$1"
  log "installing $pkg from Debian"
  if [[ $(id -u) -eq 0 ]]; then
    (apt-get install -y -q "$pkg" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$pkg" >/dev/null 2>&1; }) \
      || die "could not install $pkg with apt-get (apt-get install $pkg)"
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get install -y -q "$pkg" >/dev/null || die "could not install $pkg (sudo apt-get install $pkg)"
  else
    die "$pkg is missing: install Debian's $pkg package (apt-get install $pkg) as root"
  fi
}

# fetch_maven_jars <what> <pom> <dir>: copies a pom's runtime jars from Maven Central into dir, once.
fetch_maven_jars() {
  local what="$1" pom="$2" dir="$3"
  [[ -f "$dir/.complete" ]] && return 0
  require java "Install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)."
  require mvn "Install Maven (Debian: apt-get install maven): the jars come from Maven Central."
  log "fetching $what jars from Maven Central"
  rm -rf "$dir" && mkdir -p "$dir"
  mvn -B -q -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir" >"$LOG_DIR/$(basename "$dir").fetch.log" 2>&1 \
    || die "could not fetch $what; see $LOG_DIR/$(basename "$dir").fetch.log"
  touch "$dir/.complete"
}

# start_daemon <name> <logfile> <command...>: starts it detached and records its pid.
# dolbom_node_flags <app>: node's flags for one of Dolbom's processes. The worker's V8 heap is bounded (WORKER_HEAP_MIB,
# default 256): unbounded, a burst of new cases grew it far past what it holds (10,000 cases: 636 MiB RSS at the peak,
# 420 with the bound; docs/performance.md). It preloads platform/sandbox-watchdog.cjs: one watchdog per thread for the
# workflow sandbox instead of a thread per call (the same file says why). DOLBOM_NODE_FLAGS adds flags to every
# process (e.g. to profile).
dolbom_node_flags() {
  [[ "$1" == worker ]] && printf -- '--max-old-space-size=%s --require %s ' "${WORKER_HEAP_MIB:-256}" "$DOLBOM_ROOT/platform/sandbox-watchdog.cjs"
  printf '%s' "${DOLBOM_NODE_FLAGS:-}"
}

start_daemon() {
  local name="$1" logfile="$2"; shift 2
  nohup setsid "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

# stop_daemon <name>: stops only a process this project started, by its recorded id.
stop_daemon() {
  local name="$1" pidfile="$RUN_DIR/$1.pid"
  [[ -f "$pidfile" ]] || return 0
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
}
