#!/usr/bin/env bash
# Start a second Docker engine, Docker 28 (Debian forky's docker.io), beside the one provision-engine.sh
# starts, on the same containerd and the same shims, for one measurement: an OCI Wasm image run through
# Docker (`npm run bench:oci-wasm -- --docker`). Docker 26.1, the main engine, loads such an image but cannot
# run it (it does not tell containerd which image a container runs); Docker 28 can, with --network host
# (bench/README.md, "OCI Wasm images"). The main engine is not touched.
#
# Idempotent. What it does:
#   1. downloads forky's docker.io package with apt, from a source list of its own (the system's apt
#      sources are not changed), and unpacks its dockerd into /usr/local/lib/dockerwasm/docker28
#   2. starts that dockerd in the background: socket /var/run/dockerwasm-docker28.sock, its own data and
#      exec roots, the engine's containerd in a namespace of its own (moby28), the containerd image store
#      on, crun registered, no bridge and no iptables rules, in a network namespace of its own
#      (dockerwasm-docker28: a dockerd with `--bridge none` deletes docker0 where it starts, which would break
#      the main engine's bridge) (log: /var/log/dockerwasm/docker28.log)
#
# Needs the main engine up (scripts/provision-engine.sh). Then:
#   DOCKER_HOST=unix:///var/run/dockerwasm-docker28.sock npm run bench:oci-wasm -- --table18 --docker
#
# Options:
#   --no-start only unpack dockerd 28 (the test suite starts it as a private daemon of its own)
#   --stop     stop this engine and remove its network namespace (what it made in containerd's moby28
#              namespace stays until you remove it)
#   --yes      do not ask before changing the system
set -euo pipefail

log() { printf '[docker28] %s\n' "$*" >&2; }
die() { printf '[docker28] error: %s\n' "$*" >&2; exit 1; }

prefix=/usr/local/lib/dockerwasm/docker28
socket=/var/run/dockerwasm-docker28.sock
pidfile=/var/run/dockerwasm-docker28.pid
netns=dockerwasm-docker28
exec_root=/var/run/dockerwasm-docker28
containerd_socket=/var/run/docker/containerd/containerd.sock
assume_yes=0
stop=0
start=1
for arg in "$@"; do
  case "$arg" in
    --stop) stop=1 ;;
    --no-start) start=0 ;;
    --yes|-y) assume_yes=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown option '$arg' (try --help)" ;;
  esac
done

[ "$(id -u)" = 0 ] || die "run as root (it starts a dockerd)"

# the pidfile's process, only if it is this dockerd (a pid reused after a crash is someone else's)
running() { [ -f "$pidfile" ] && [ "$(readlink "/proc/$(cat "$pidfile")/exe" 2>/dev/null)" = "$prefix/usr/sbin/dockerd" ]; }
netns_exists() { [ -e "/run/netns/$netns" ]; }

if [ "$stop" = 1 ]; then
  if running; then
    kill "$(cat "$pidfile")"
    for _ in $(seq 1 30); do running || break; sleep 1; done
    running && die "dockerd $(cat "$pidfile") did not stop within 30 s"
    log "stopped"
  else
    log "not running"
  fi
  # dockerd keeps a bind mount of the network namespace it started in; it would keep that namespace alive
  if mountpoint -q "$exec_root/netns/default"; then umount "$exec_root/netns/default"; fi
  if netns_exists; then ip netns delete "$netns"; fi
  exit 0
fi

if [ "$start" = 1 ]; then
  [ -S "$containerd_socket" ] || die "no containerd at $containerd_socket: start the main engine first (scripts/provision-engine.sh)"
  if running; then log "already running: $socket"; exit 0; fi
fi

# --- 1. dockerd 28 -----------------------------------------------------------------------------------
if [ ! -x "$prefix/usr/sbin/dockerd" ]; then
  if [ "$assume_yes" = 0 ] && [ -t 0 ]; then
    read -r -p "[docker28] this downloads Debian forky's docker.io into $prefix. Continue? [y/N] " answer
    case "$answer" in y|Y|yes) ;; *) die "stopped; nothing changed" ;; esac
  fi
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/archives/partial"
  cat > "$work/forky.sources" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: forky
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt_options=(-o "Dir::Etc::SourceList=$work/forky.sources" -o Dir::Etc::SourceParts=- -o "Dir::State::Lists=$work/lists"
               -o "Dir::Cache::Archives=$work/archives" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Get::List-Cleanup=0
               -o APT::Sandbox::User=root)
  log "downloading docker.io from Debian forky"
  apt-get "${apt_options[@]}" update -qq >&2
  (cd "$work" && apt-get "${apt_options[@]}" download docker.io >&2)
  deb="$(ls "$work"/docker.io_*.deb)"
  # unpacked beside, then moved: a half-unpacked folder never passes for an installed one
  dpkg-deb -x "$deb" "$work/root"
  mkdir -p "$(dirname "$prefix")"
  rm -rf "$prefix"
  mv "$work/root" "$prefix"
  log "unpacked $(basename "$deb") into $prefix"
fi
version="$("$prefix/usr/sbin/dockerd" --version 2>&1)" || die "$prefix/usr/sbin/dockerd does not run here: $version"
case "$version" in
  "Docker version 28."*) log "$version in $prefix" ;;
  *) die "expected Docker 28 in $prefix, found '$version' (Debian forky has moved on; what is measured here is Docker 28's behaviour)" ;;
esac
[ "$start" = 1 ] || exit 0

# --- 2. start it -------------------------------------------------------------------------------------
cat > "$prefix/daemon.json" <<'JSON'
{ "features": { "containerd-snapshotter": true }, "runtimes": { "crun": { "path": "/usr/bin/crun" } } }
JSON
mkdir -p /var/log/dockerwasm /var/lib/dockerwasm-docker28 "$exec_root"
log "starting $version (log: /var/log/dockerwasm/docker28.log)"
if ! netns_exists; then
  ip netns add "$netns"
  ip -n "$netns" link set lo up
fi
# the engine's containerd starts the shims (it found containerd-shim-*-v1 in /usr/local/bin when dockerd started it)
setsid nohup nsenter "--net=/run/netns/$netns" -- "$prefix/usr/sbin/dockerd" --config-file "$prefix/daemon.json" \
  --containerd "$containerd_socket" --containerd-namespace moby28 --containerd-plugins-namespace plugins.moby28 \
  --data-root /var/lib/dockerwasm-docker28 --exec-root "$exec_root" --pidfile "$pidfile" \
  -H "unix://$socket" --bridge none --iptables=false --ip6tables=false \
  >/var/log/dockerwasm/docker28.log 2>&1 < /dev/null &
daemon=$!
for _ in $(seq 1 30); do
  curl -sf --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1 && { log "up: DOCKER_HOST=unix://$socket"; exit 0; }
  kill -0 "$daemon" 2>/dev/null || die "dockerd exited at start; see /var/log/dockerwasm/docker28.log ($0 --stop removes its network namespace)"
  sleep 1
done
die "dockerd did not answer /_ping within 30 s; see /var/log/dockerwasm/docker28.log ($0 --stop stops it)"
