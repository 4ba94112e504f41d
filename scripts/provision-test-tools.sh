#!/usr/bin/env bash
# What the test suite needs beyond the engine: Debian's chromium (the report test renders report.html
# in it headless, driven by playwright-core) and python3-scipy (an independent recomputation of the
# committed results), and Debian forky's dockerd 28 unpacked beside the engine, not started (the OCI Wasm
# image test runs it as a private daemon: scripts/provision-docker28.sh --no-start). Idempotent; Debian, root.
set -euo pipefail
log() { printf '[provision-tests] %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { log "error: run as root"; exit 1; }
wanted=()
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  log "chromium: present ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
else
  wanted+=(chromium fonts-dejavu-core)
fi
if /usr/bin/python3 -c 'import scipy, numpy' 2>/dev/null; then
  log "python3-scipy: present"
else
  wanted+=(python3-scipy)
fi
if [ ${#wanted[@]} -gt 0 ]; then
  log "installing ${wanted[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >&2
fi
log "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing); scipy: $(/usr/bin/python3 -c 'import scipy; print(scipy.__version__)' 2>/dev/null || echo missing)"
"$(dirname "${BASH_SOURCE[0]}")/provision-docker28.sh" --no-start --yes
