#!/usr/bin/env bash
# Debian's kcat: a third-party Kafka client, used by the tests to prove the event contract works for a
# provider system not written in this project.
source "$(dirname "$0")/env.sh"
command -v kcat >/dev/null 2>&1 && exit 0
apt_install kcat
