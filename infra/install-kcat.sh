#!/usr/bin/env bash
# Debian's kcat: a third-party Kafka client, used by the tests to prove the event contract works for a
# provider system not written in this project.
source "$(dirname "$0")/env.sh"
command -v kcat >/dev/null 2>&1 && exit 0
log "installing kcat from Debian"
if [[ $(id -u) -eq 0 ]]; then
  (apt-get install -y -q kcat >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q kcat >/dev/null 2>&1; }) \
    || die "could not install kcat with apt-get"
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get install -y -q kcat >/dev/null || die "could not install kcat (sudo apt-get install kcat)"
else
  die "kcat is missing: install Debian's kcat package (apt-get install kcat) as root"
fi
