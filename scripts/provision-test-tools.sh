#!/usr/bin/env bash
# What the test suite needs beyond the engine: Debian's chromium (the report test renders report.html
# in it headless, driven by playwright-core). Idempotent; Debian, root.
set -euo pipefail
log() { printf '[provision-tests] %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { log "error: run as root"; exit 1; }
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  log "chromium: present ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
  exit 0
fi
log "installing chromium"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
log "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
