#!/usr/bin/env bash
# Build the runwasi shims of shims/ (our crate on runwasi's containerd-shim-wasm library) and install
#   containerd-shim-wasmtime-v1  (required)   containerd-shim-wasmedge-v1  (opens the system libwasmedge when it runs a module)
#   wasmtime-precompile          (makes .cwasm modules the wasmtime shim runs without compiling)
#   wasmtime-run                 (runs a module outside a container with the shim's wasmtime engine: `dockerwasm runtimes`)
#   wasmedge-run                 (the same for the WasmEdge shim's library, wasi-threads included)
#   wasm-host-waits              (moves a threaded module's atomic waits to the WasmEdge runners' futexes: WasmEdge 0.14 loses wake-ups)
# into a folder on the PATH of dockerd's containerd (default /usr/local/bin).
#
# Skips the build when the installed binaries were built from the same sources (a stamp holds their hash).
# Uses rustup's cargo when present (wasmtime 36 needs rustc >= 1.86), else the cargo on PATH.
#
# Usage: scripts/build-shims.sh [--install DIR] [--force]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
crate="$(cd "$here/../shims" && pwd)"
install_dir=/usr/local/bin
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --install) [ $# -ge 2 ] || { echo "[shims] error: --install needs a folder, e.g. --install /usr/local/bin" >&2; exit 2; }; install_dir="$2"; shift 2 ;;
    --force) force=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "[shims] error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
log() { printf '[shims] %s\n' "$*" >&2; }

cargo_bin="${CARGO:-}"
if [ -z "$cargo_bin" ]; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then cargo_bin="$HOME/.cargo/bin/cargo"; else cargo_bin="$(command -v cargo || true)"; fi
fi
[ -n "$cargo_bin" ] || { log "error: no cargo found (install rustup, or Debian's cargo >= 1.86)"; exit 1; }

features=wasmtime
libdir="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
if [ -f /usr/include/wasmedge/wasmedge.h ] && ls "/usr/lib/$libdir"/libwasmedge.so* >/dev/null 2>&1; then
  features="wasmtime,wasmedge"
  export WASMEDGE_INCLUDE_DIR=/usr/include WASMEDGE_LIB_DIR="/usr/lib/$libdir"
else
  log "libwasmedge-dev not installed: building the wasmtime shim only"
fi

# the hash of everything that makes the binaries
sources_hash="$( (cd "$crate" && find Cargo.toml Cargo.lock build.rs src -type f -print0 | sort -z | xargs -0 sha256sum; \
                   "$cargo_bin" --version; echo "$features") | sha256sum | cut -c1-16)"
stamp_dir=/var/lib/dockerwasm
stamp="$stamp_dir/shims.stamp"
binaries=(containerd-shim-wasmtime-v1 wasmtime-precompile wasmtime-run)
[[ "$features" == *wasmedge* ]] && binaries+=(containerd-shim-wasmedge-v1 wasmedge-run wasm-host-waits)

installed_ok=1
for binary in "${binaries[@]}"; do [ -x "$install_dir/$binary" ] || installed_ok=0; done
if [ "$force" = 0 ] && [ "$installed_ok" = 1 ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sources_hash" ]; then
  log "installed shims are up to date ($sources_hash): ${binaries[*]}"
  exit 0
fi

log "building ${binaries[*]} with $("$cargo_bin" --version) (features: $features); this takes several minutes"
started=$(date +%s)
(cd "$crate" && "$cargo_bin" build --release --locked --features "$features")
log "built in $(( $(date +%s) - started )) s"

mkdir -p "$install_dir" "$stamp_dir"
for binary in "${binaries[@]}"; do
  install -m 0755 "$crate/target/release/$binary" "$install_dir/$binary.partial"
  mv -f "$install_dir/$binary.partial" "$install_dir/$binary"
done
echo "$sources_hash" > "$stamp"
log "installed into $install_dir: ${binaries[*]}"
