#!/usr/bin/env bash
# Provision a Docker engine that runs Wasm, on Debian (12 bookworm or 13 trixie), as root.
#
# Idempotent: every step checks what is already there and skips it.
# What it does (see ../README.md, "Provisioning"):
#   1. packages from Debian trixie at low pin priority: docker.io, docker-buildx, containerd, runc, crun (+WASM:wasmedge),
#      wasmedge + libwasmedge-dev, rustc, cargo, libstd-rust-dev-wasm32, busybox-static, binaryen, and the toolchains
#      of users' programs: golang-go (GOOS=wasip1), clang-19 + wasi-libc + libclang-rt-19-dev-wasm32 (C to wasm32-wasi)
#   2. the cgroup fix crun needs on hybrid cgroup hosts (only when needed)
#   3. /etc/docker/daemon.json merged (containerd image store on, crun registered), backup kept
#   4. the runwasi shims (scripts/build-shims.sh) installed into /usr/local/bin, and rustup's
#      wasm32-wasip1-threads target (the threaded module, `--wasm-threads`) when rustup is installed
#   5. dockerd started in the background, waiting until /_ping answers
#
# This changes the system (it upgrades libc6 on bookworm, a partial upgrade to trixie). The dockerwasm CLI
# never runs it by itself: run it yourself on a machine you are willing to change.
#
# Options:
#   --no-shims      skip building the runwasi shims
#   --no-start      do not start dockerd
#   --yes           do not ask before changing the system (CI)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '[provision] %s\n' "$*" >&2; }
die() { printf '[provision] error: %s\n' "$*" >&2; exit 1; }

with_shims=1
start_dockerd=1
assume_yes=0
for arg in "$@"; do
  case "$arg" in
    --no-shims) with_shims=0 ;;
    --no-start) start_dockerd=0 ;;
    --yes|-y) assume_yes=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown option '$arg' (try --help)" ;;
  esac
done

[ "$(id -u)" = 0 ] || die "run as root (it installs packages and starts dockerd)"
# Debian only: the packages come from Debian trixie (Ubuntu has no wasmedge package, and mixing Debian's
# archive into Ubuntu is not something to do to a user's machine); refused before anything changes
os_release="${DOCKERWASM_OS_RELEASE:-/etc/os-release}"   # another file only in the script's own tests
[ -r "$os_release" ] || die "cannot read $os_release; this script supports Debian only"
. "$os_release"
[ "${ID:-}" = debian ] || die "this script supports Debian only (found '${PRETTY_NAME:-unknown}'); elsewhere install Docker >= 24 with the containerd image store, crun with WasmEdge and the runwasi shims yourself (README, Provisioning), or use Docker Desktop with Wasm workloads enabled"
case "${VERSION_CODENAME:-}" in bookworm|trixie) ;; *) log "warning: only Debian bookworm and trixie have been tried (found '${PRETTY_NAME:-unknown}')" ;; esac
[ "$(uname -m)" = x86_64 ] || log "warning: only x86_64 has been tried"

if [ "$assume_yes" = 0 ] && [ -t 0 ]; then
  read -r -p "[provision] this installs packages from Debian trixie (upgrading libc6) and starts dockerd. Continue? [y/N] " answer
  case "$answer" in y|Y|yes) ;; *) die "stopped; nothing changed" ;; esac
fi

# --- 1. packages -------------------------------------------------------------------------------------
packages=(docker.io docker-buildx containerd runc crun wasmedge libwasmedge0 libwasmedge-dev
          rustc cargo libstd-rust-dev-wasm32 lld-19 busybox-static binaryen hyperfine
          golang-go clang-19 wasi-libc libclang-rt-19-dev-wasm32
          pkg-config libsystemd-dev libdbus-1-dev libseccomp-dev libclang-dev libzstd-dev libssl-dev protobuf-compiler)

missing_packages() {
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$p"
  done
}

add_trixie_source() {
  if [ "${VERSION_CODENAME:-}" = trixie ]; then return; fi
  if [ ! -f /etc/apt/sources.list.d/trixie.sources ]; then
    log "adding Debian trixie as a low-priority package source"
    cat > /etc/apt/sources.list.d/trixie.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    cat > /etc/apt/preferences.d/trixie <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  fi
}

missing="$(missing_packages | tr '\n' ' ')"
if [ -n "${missing// /}" ]; then
  add_trixie_source
  log "installing: $missing"
  apt-get update -qq
  target=()
  if [ "${ID:-}" = debian ] && [ "${VERSION_CODENAME:-}" != trixie ]; then target=(-t trixie); fi
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${target[@]}" $missing >&2
else
  log "packages: all present"
fi
crun --version | grep -q '+WASM:wasmedge' || die "crun was built without the WasmEdge handler ($(crun --version | tail -1))"

# --- 2. cgroups --------------------------------------------------------------------------------------
# crun refuses "hybrid" hosts whose cgroup2 mount holds a controller; hugetlb is the one seen here.
# Give it a v1 hierarchy of its own, touching nothing else.
unified=/sys/fs/cgroup/unified/cgroup.controllers
if [ -f "$unified" ] && [ -n "$(tr -d '[:space:]' < "$unified")" ]; then
  for controller in $(cat "$unified"); do
    if ! mountpoint -q "/sys/fs/cgroup/$controller"; then
      log "moving cgroup controller '$controller' off cgroup2 (crun refuses hybrid mode otherwise)"
      mkdir -p "/sys/fs/cgroup/$controller"
      mount -t cgroup -o "$controller" cgroup "/sys/fs/cgroup/$controller"
    fi
  done
fi

# --- 3. daemon.json ----------------------------------------------------------------------------------
command -v node >/dev/null || die "node is needed to merge /etc/docker/daemon.json (install Node.js 20)"
daemon_json_changed="$(node "$here/merge-daemon-json.mjs" /etc/docker/daemon.json)"

# --- 4. shims ----------------------------------------------------------------------------------------
if [ "$with_shims" = 1 ]; then
  "$here/build-shims.sh" --install /usr/local/bin
fi
# Debian's rustc has no standard library for wasm32-wasip1-threads; rustup's has (rust-lld links it)
rustup_bin="$HOME/.cargo/bin/rustup"
if [ -x "$rustup_bin" ]; then
  if "$rustup_bin" target list --installed 2>/dev/null | grep -qx wasm32-wasip1-threads; then
    log "rustup: wasm32-wasip1-threads already installed"
  elif "$rustup_bin" target add wasm32-wasip1-threads >&2; then
    log "rustup: wasm32-wasip1-threads installed (the threaded module of --wasm-threads)"
  else
    log "warning: rustup could not add wasm32-wasip1-threads: no threaded module (--wasm-threads) will be built"
  fi
else
  log "no rustup at $rustup_bin: no threaded module (--wasm-threads) will be built"
fi

# --- 5. dockerd --------------------------------------------------------------------------------------
ping_engine() { curl -fsS --max-time 2 --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1; }
if [ "$start_dockerd" = 1 ] && [ "$daemon_json_changed" = changed ] && ping_engine; then
  log "daemon.json changed: restarting the running dockerd"
  if command -v systemctl >/dev/null && systemctl is-active --quiet docker 2>/dev/null; then
    systemctl restart docker
  elif [ -f /var/run/docker.pid ]; then
    kill "$(cat /var/run/docker.pid)"
    for _ in $(seq 1 60); do ping_engine || break; sleep 0.5; done
  fi
fi
if [ "$start_dockerd" = 1 ]; then
  if ping_engine; then
    log "dockerd: already answering on /var/run/docker.sock"
  else
    mkdir -p /var/log/dockerwasm
    log "starting dockerd (log: /var/log/dockerwasm/dockerd.log)"
    # PATH must hold /usr/local/bin: dockerd's containerd finds containerd-shim-*-v1 there.
    PATH="/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin" \
      setsid nohup dockerd >/var/log/dockerwasm/dockerd.log 2>&1 < /dev/null &
    for _ in $(seq 1 60); do
      ping_engine && break
      sleep 0.5
    done
    ping_engine || die "dockerd did not answer /_ping within 30 s; see /var/log/dockerwasm/dockerd.log"
    log "dockerd: answering"
  fi
fi
log "done"
