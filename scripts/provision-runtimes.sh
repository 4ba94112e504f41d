#!/usr/bin/env bash
# Install the standalone WebAssembly runtimes that `dockerwasm runtimes` runs outside any container, as root.
#
# Each becomes one command in PREFIX/bin that runs a WASI preview-1 command module:
#   <cmd> --version                         one line: the runtime's real version and where it came from
#   <cmd> <module.wasm> [guest args...]     argv = the module's file name + the guest args, no environment
#                                           variables, no preopened directories, stdin/stdout/stderr inherited;
#                                           exit code = the guest's (1 and the runtime's message when it
#                                           rejects the module or the guest traps)
# The runtimes (launchers/ holds our part of each):
#   wasm3      Wasm3 0.5.0 (interpreter): the C sources in PyPI's pywasm3 0.5.0 sdist, built with gcc -O3 with
#              our driver and WASI preview-1 layer (launchers/wasm3-run.c); the sdist has neither. 0.5.0 rejects
#              rustc's module ("LEB encoded value overflow"): dockerwasm runs it on the module rewritten by
#              `wasm-opt --all-features` (binaryen, no passes)
#   wasmer     Wasmer (Cranelift, Universal engine) from PyPI wasmer 1.1.0 + wasmer_compiler_cranelift 1.1.0,
#              in a venv of CPython 3.10 (their only wheels are for 3.7-3.10); launchers/wasmer-run.py
#   graalwasm  GraalWasm 25.0.2 (Maven Central) on the Temurin 25 JDK, with the Graal compiler jar on the
#              upgrade module path (-XX:+EnableJVMCI) so that Truffle JIT-compiles; launchers/graalwasm
#   wazero     wazero v1.12.0 (`go install`), its optimizing compiler, no compilation cache directory
# Also PREFIX/manifest.json: per runtime its name, version line, source and installedAt.
#
# Idempotent: a stamp per runtime (PREFIX/.stamps/NAME) holds a hash of its inputs (versions, our launcher
# files, the toolchain used, this script's steps for it); a runtime whose stamp matches is skipped, so a
# second run changes nothing. A runtime that fails is reported (name and reason, its log's tail); the others
# are still tried, and the script exits non-zero at the end. Logs: PREFIX/logs/NAME.log.
# Downloads: PyPI, Maven Central and the Go module proxy only; the pywasm3 sdist and the wasmer wheels are
# checked against the SHA-256 pinned here; `go install` checks the Go checksum database.
#
# Needs: /root/.pyenv/versions/3.10.13/bin/python3.10 (PYTHON310=...), /usr/lib/jvm/temurin-25-jdk-amd64
# (JDK25=...), /usr/local/go/bin/go (GO=...); gcc and maven are installed from Debian when missing.
#
# Options:
#   --prefix DIR    install under DIR (default /usr/local/lib/dockerwasm/runtimes)
#   --only A,B      only these runtimes (wasm3, wasmer, graalwasm, wazero)
#   --force         reinstall even when a stamp matches
#   --yes           do not ask before changing anything (CI); without it the plan is shown and confirmed
#                   on a terminal, and the script refuses to change anything without one
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
launchers="$repo/launchers"
log() { printf '[runtimes] %s\n' "$*" >&2; }
die() { printf '[runtimes] error: %s\n' "$*" >&2; exit 1; }
# inside a runtime's install (a subshell): record why it failed, and stop it
fail() { printf '%s\n' "$*" > "$prefix/.failed-$name"; exit 1; }

prefix=/usr/local/lib/dockerwasm/runtimes
assume_yes=0
force=0
all_runtimes=(wasm3 wasmer graalwasm wazero)
selected=("${all_runtimes[@]}")
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix="$2"; shift ;;
    --prefix=*) prefix="${1#--prefix=}" ;;
    --only) [ $# -ge 2 ] || die "--only needs a list"; IFS=, read -r -a selected <<< "$2"; shift ;;
    --only=*) IFS=, read -r -a selected <<< "${1#--only=}" ;;
    --force) force=1 ;;
    --yes|-y) assume_yes=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown option '$1' (try --help)" ;;
  esac
  shift
done
for r in "${selected[@]}"; do
  case " ${all_runtimes[*]} " in *" $r "*) ;; *) die "unknown runtime '$r' (known: ${all_runtimes[*]})" ;; esac
done
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac
prefix="${prefix%/}"
[ -n "$prefix" ] || die "--prefix must not be /"

[ "$(id -u)" = 0 ] || die "run as root (it installs under $prefix and may install gcc and maven from Debian)"

PYTHON310="${PYTHON310:-/root/.pyenv/versions/3.10.13/bin/python3.10}"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
GO="${GO:-/usr/local/go/bin/go}"

# --- pinned inputs -----------------------------------------------------------------------------------
WASM3_VERSION=0.5.0
PYWASM3_SDIST=pywasm3-0.5.0.tar.gz
PYWASM3_SHA256=5a47c8a39f7f6ae71b3316b2e5d86c9d0db6e771a65f09a86e4d4aa3a19aefcc
WASM3_CFLAGS=(-O3 -fomit-frame-pointer -fno-stack-check -fno-stack-protector)   # Wasm3's release flags
WASMER_VERSION=1.1.0
WASMER_WHEELS="wasmer==1.1.0 --hash=sha256:ab1ae980021e5ec0bf0c6cdd3b979b1d15a5f3eb2b8a32da8dcb1156e4a1e484
wasmer_compiler_cranelift==1.1.0 --hash=sha256:405546ee864ac158a4107f374dfbb1c8d6cfb189829bdcd13050143a4bd98f28"
WAZERO_VERSION=v1.12.0
# a module of ours (wat2wasm of: write "ok\n" to fd 1, proc_exit(7)): every command must print ok and exit 7
SMOKE_WASM_HEX=0061736d0100000001100360047f7f7f7f017f60017f0060000002460216776173695f736e617073686f745f70726576696577310866645f7772697465000016776173695f736e617073686f745f70726576696577310970726f635f657869740001030201020503010001071302066d656d6f72790200065f737461727400020a21011f004100411036020041044103360200410141004101410810001a410710010b0b09010041100b036f6b0a

sha256_of_files() { cat "$@" | sha256sum | cut -d' ' -f1; }
now_iso() { date -u +%Y-%m-%dT%H:%M:%SZ; }
json_string() { local s="$1"; s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//$'\t'/ }"; printf '"%s"' "$s"; }

# --- what each runtime's install depends on (its stamp) ------------------------------------------------
# the hash covers this script's functions for the runtime, our launcher files, the pinned versions and the
# toolchain; it changes, and the runtime is reinstalled, when any of them does
inputs_of() {
  local name="$1"
  {
    printf 'prefix=%s\n' "$prefix"
    declare -f "install_$name" "wrapper_$name" 2>/dev/null || true
    declare -f smoke_test
    case "$name" in
      wasm3)
        printf '%s %s %s %s\n' "$WASM3_VERSION" "$PYWASM3_SHA256" "${WASM3_CFLAGS[*]}" "$(gcc -dumpfullversion 2>/dev/null || echo no gcc)"
        cat "$launchers/wasm3-run.c" ;;
      wasmer)
        printf '%s\n%s\n' "$WASMER_WHEELS" "$("$PYTHON310" --version 2>&1 || echo "no $PYTHON310")"
        cat "$launchers/wasmer-run.py" ;;
      graalwasm)
        cat "$JDK25/release" 2>/dev/null || echo "no $JDK25"
        (cd "$launchers/graalwasm" && find pom.xml src -type f | LC_ALL=C sort | xargs cat) ;;
      wazero)
        printf '%s %s\n' "$WAZERO_VERSION" "$("$GO" version 2>/dev/null || echo "no $GO")" ;;
    esac
  } | sha256sum | cut -d' ' -f1
}

up_to_date() {
  local name="$1"
  [ "$force" = 0 ] || return 1
  [ -f "$prefix/.stamps/$name" ] && [ -x "$prefix/bin/$name" ] && [ -f "$prefix/$name/manifest-entry.json" ] &&
    [ "$(cat "$prefix/.stamps/$name")" = "$(inputs_of "$name")" ]
}

describe() {
  case "$1" in
    wasm3) echo "download PyPI pywasm3 $WASM3_VERSION (sdist), build Wasm3 with gcc -O3 and launchers/wasm3-run.c into $prefix/wasm3, command $prefix/bin/wasm3" ;;
    wasmer) echo "make a venv of $PYTHON310 in $prefix/wasmer, install PyPI wasmer $WASMER_VERSION + wasmer_compiler_cranelift $WASMER_VERSION, command $prefix/bin/wasmer" ;;
    graalwasm) echo "fetch GraalWasm, Truffle and the Graal compiler from Maven Central (into ~/.m2), build launchers/graalwasm with $JDK25 into $prefix/graalwasm, command $prefix/bin/graalwasm" ;;
    wazero) echo "go install github.com/tetratelabs/wazero/cmd/wazero@$WAZERO_VERSION into $prefix/wazero, command $prefix/bin/wazero" ;;
  esac
}

# --- the runtimes ------------------------------------------------------------------------------------
# Each install_NAME builds into $stage (a fresh directory), writes $stage/source (where it came from) and its
# wrapper script into $stage/command, or leaves $stage/NAME, the program itself, for PREFIX/bin/NAME to link to;
# install_one then moves it into place, smoke-tests it and stamps it.

install_wasm3() {
  command -v gcc >/dev/null || fail "gcc is missing"
  local pip_python="$PYTHON310"
  [ -x "$pip_python" ] || pip_python=python3
  "$pip_python" -m pip download --disable-pip-version-check --no-binary :all: --no-deps -d "$stage/download" "pywasm3==$WASM3_VERSION" \
    || fail "pip download pywasm3==$WASM3_VERSION failed"
  local sdist="$stage/download/$PYWASM3_SDIST"
  [ -f "$sdist" ] || fail "pip gave no $PYWASM3_SDIST"
  [ "$(sha256sum "$sdist" | cut -d' ' -f1)" = "$PYWASM3_SHA256" ] || fail "$PYWASM3_SDIST: SHA-256 differs from the pinned one"
  mkdir -p "$stage/src"
  tar -xzf "$sdist" -C "$stage/src" --strip-components=1
  rm -rf "$stage/download"
  grep -q "define M3_VERSION *\"$WASM3_VERSION\"" "$stage/src/wasm3/wasm3.h" || fail "the sdist's wasm3.h is not Wasm3 $WASM3_VERSION"
  cp "$launchers/wasm3-run.c" "$stage/src/wasm3-run.c"
  local gcc_version
  gcc_version="$(gcc -dumpfullversion)"
  local line="wasm3 $WASM3_VERSION (pywasm3 $WASM3_VERSION sources, gcc $gcc_version -O3, dockerwasm WASI preview-1 driver)"
  gcc "${WASM3_CFLAGS[@]}" -I "$stage/src/wasm3" -DWASM3_VERSION_LINE="\"$line\"" \
    -o "$stage/wasm3" "$stage/src/wasm3"/*.c "$stage/src/wasm3-run.c" -lm || fail "gcc failed"
  echo "PyPI pywasm3 $WASM3_VERSION sdist (Wasm3 $WASM3_VERSION C sources), built with gcc $gcc_version ${WASM3_CFLAGS[*]} and launchers/wasm3-run.c" > "$stage/source"
  # no wrapper: PREFIX/bin/wasm3 is a link to the binary itself
}

install_wasmer() {
  [ -x "$PYTHON310" ] || fail "CPython 3.10 not found at $PYTHON310 (wasmer $WASMER_VERSION has wheels for 3.7-3.10 only; set PYTHON310)"
  "$PYTHON310" -m venv "$stage/venv" || fail "python -m venv failed"
  printf '%s\n' "$WASMER_WHEELS" > "$stage/requirements.txt"
  "$stage/venv/bin/python" -m pip install --disable-pip-version-check --only-binary :all: --no-deps --require-hashes \
    -r "$stage/requirements.txt" || fail "pip install of the wasmer wheels failed"
  cp "$launchers/wasmer-run.py" "$stage/wasmer-run.py"
  echo "PyPI wasmer $WASMER_VERSION + wasmer_compiler_cranelift $WASMER_VERSION (wheels, cp310 manylinux) in a venv of $("$PYTHON310" --version 2>&1)" > "$stage/source"
  wrapper_wasmer > "$stage/command"
}
wrapper_wasmer() {
  # -I: no PYTHON* variables, no user site, not the working directory on sys.path
  printf '#!/bin/sh\n# installed by scripts/provision-runtimes.sh: Wasmer (Cranelift) through its Python package\nexec "%s/wasmer/venv/bin/python" -I "%s/wasmer/wasmer-run.py" "$@"\n' "$prefix" "$prefix"
}

install_graalwasm() {
  [ -x "$JDK25/bin/java" ] || fail "no JDK 25 at $JDK25 (set JDK25)"
  command -v mvn >/dev/null || fail "mvn is missing"
  local build="$stage/build"
  mkdir -p "$build"
  cp -r "$launchers/graalwasm/pom.xml" "$launchers/graalwasm/src" "$build/"
  (cd "$build" && JAVA_HOME="$JDK25" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
     mvn -q -B -Dstyle.color=never package -Dgraalwasm.out="$stage") || fail "mvn package failed"
  rm -rf "$build"
  [ -f "$stage/graalwasm-run.jar" ] && [ -n "$(ls "$stage/compiler")" ] && [ -n "$(ls "$stage/lib")" ] || fail "mvn left no launcher jar or libraries"
  local graal
  graal="$(sed -n 's|.*<graal.version>\(.*\)</graal.version>.*|\1|p' "$launchers/graalwasm/pom.xml")"
  echo "Maven Central org.graalvm.polyglot:polyglot + org.graalvm.polyglot:wasm $graal (Truffle runtime) + org.graalvm.compiler:compiler $graal (JIT, via JVMCI), on $(sed -n 's/^IMPLEMENTOR="\(.*\)"/\1/p' "$JDK25/release") JDK $(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JDK25/release"); launcher launchers/graalwasm" > "$stage/source"
  wrapper_graalwasm > "$stage/command"
}
wrapper_graalwasm() {
  # JVMCI on and the Graal compiler on the upgrade module path: Truffle's optimizing runtime compiles hot guest
  # code (without them it falls back to its interpreter and warns: engine.WarnInterpreterOnly stays on)
  cat <<WRAP
#!/bin/sh
# installed by scripts/provision-runtimes.sh: GraalWasm with the Graal JIT compiler
d="$prefix/graalwasm"
exec "$JDK25/bin/java" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \\
  --upgrade-module-path "\$d/compiler" --module-path "\$d/lib:\$d/graalwasm-run.jar" \\
  --enable-native-access=org.graalvm.truffle --sun-misc-unsafe-memory-access=allow \\
  -m dockerwasm.graalwasm/dockerwasm.graalwasm.GraalWasmRun "\$@"
WRAP
}

install_wazero() {
  [ -x "$GO" ] || fail "no go at $GO (set GO)"
  GOBIN="$stage" "$GO" install "github.com/tetratelabs/wazero/cmd/wazero@$WAZERO_VERSION" || fail "go install failed"
  [ -x "$stage/wazero" ] || fail "go install left no wazero binary"
  local go_version
  go_version="$("$GO" version "$stage/wazero" | awk '{print $2}')"
  echo "$go_version" > "$stage/go-version"
  echo "Go module proxy github.com/tetratelabs/wazero $WAZERO_VERSION (go install ./cmd/wazero, $go_version)" > "$stage/source"
  wrapper_wazero > "$stage/command"
}
wrapper_wazero() {
  # `wazero run` drops a first guest argument "--" when more follow, so one is always put before the guest's
  # arguments; no --cachedir (no compilation cache); --env and --dir (a host folder as the guest's "/") become
  # wazero's -env and -mount, for a user's program
  cat <<WRAP
#!/bin/sh
# installed by scripts/provision-runtimes.sh: wazero run
z="$prefix/wazero/wazero"
case "\${1:-}" in
  --version) echo "wazero \$("\$z" version | sed 's/^v//') (go install github.com/tetratelabs/wazero/cmd/wazero@$WAZERO_VERSION, \$(cat "$prefix/wazero/go-version"), optimizing compiler, no compilation cache)"; exit 0 ;;
  ''|-h|--help) echo "usage: wazero [--env KEY=VALUE]... [--dir HOST_DIR] <module.wasm> [guest args...]" >&2; exit 2 ;;
esac
flags=""
while [ \$# -ge 2 ]; do
  case "\$1" in
    --env) flags="\$flags -env=\$2"; shift 2 ;;
    --dir) flags="\$flags -mount=\$2:/"; shift 2 ;;
    *) break ;;
  esac
done
[ "\${1:-}" = "--" ] && shift
m="\$1"; shift
# shellcheck disable=SC2086
if [ \$# -gt 0 ]; then exec "\$z" run \$flags -- "\$m" -- "\$@"; else exec "\$z" run \$flags -- "\$m"; fi
WRAP
}

# the smoke test: the command's one-line --version, and our tiny module printing ok and exiting 7
smoke_test() {
  local cmd="$1" dir line out rc
  line="$("$cmd" --version)" || { echo "--version failed"; return 1; }
  [ -n "$line" ] && [ "$(printf '%s\n' "$line" | wc -l)" = 1 ] || { echo "--version did not print one line: $line"; return 1; }
  dir="$(mktemp -d)"
  # shellcheck disable=SC2059
  printf "$(printf '%s' "$SMOKE_WASM_HEX" | sed 's/../\\x&/g')" > "$dir/smoke.wasm"
  rc=0
  out="$("$cmd" "$dir/smoke.wasm" < /dev/null 2> "$dir/stderr")" || rc=$?
  if [ "$out" != ok ] || [ "$rc" != 7 ]; then
    echo "the smoke module printed '$out' and exited $rc (expected ok and 7): $(tail -3 "$dir/stderr")"
    rm -rf "$dir"
    return 1
  fi
  rm -rf "$dir"
}

# --- one runtime, in a subshell: stage, move into place, smoke-test, stamp ---------------------------
install_one() {
  local name="$1"
  local logfile="$prefix/logs/$name.log"
  stage="$prefix/.stage-$name"
  rm -rf "$stage" "$prefix/.failed-$name"
  mkdir -p "$stage"
  log "$name: installing ($(describe "$name"))"
  # not in an if: set -e must hold inside the subshell (a condition would switch it off)
  local rc
  set +e
  (
    set -Eeuo pipefail
    # shellcheck disable=SC2154 # code is set by the trap itself
    trap 'code=$?; printf "%s exited %s (see %s)\n" "$BASH_COMMAND" "$code" "$logfile" > "$prefix/.failed-$name"' ERR
    "install_$name"
  ) >> "$logfile" 2>&1
  rc=$?
  set -e
  if [ "$rc" != 0 ]; then
    [ -s "$prefix/.failed-$name" ] || echo "a step failed (see $logfile)" > "$prefix/.failed-$name"
    rm -rf "$stage"
    return 1
  fi
  rm -rf "$prefix/$name.old"
  [ ! -e "$prefix/$name" ] || mv "$prefix/$name" "$prefix/$name.old"
  mv "$stage" "$prefix/$name"
  rm -f "$prefix/bin/$name"
  if [ -f "$prefix/$name/command" ]; then
    install -m 0755 "$prefix/$name/command" "$prefix/bin/$name"
    rm -f "$prefix/$name/command"
  else
    ln -s "../$name/$name" "$prefix/bin/$name"
  fi
  local problem
  if ! problem="$(smoke_test "$prefix/bin/$name" 2>&1)"; then
    echo "smoke test: $problem" > "$prefix/.failed-$name"
    rm -f "$prefix/.stamps/$name"
    return 1
  fi
  rm -rf "$prefix/$name.old"
  local line
  line="$("$prefix/bin/$name" --version)"
  printf '{"name": %s, "version": %s, "command": %s, "source": %s, "installedAt": %s}\n' \
    "$(json_string "$name")" "$(json_string "$line")" "$(json_string "$prefix/bin/$name")" \
    "$(json_string "$(cat "$prefix/$name/source")")" "$(json_string "$(now_iso)")" > "$prefix/$name/manifest-entry.json"
  inputs_of "$name" > "$prefix/.stamps/$name"
  log "$name: installed in $((SECONDS - started)) s: $line"
}

write_manifest() {
  local content first=1 name
  content="$(
    printf '{\n  "prefix": %s,\n  "runtimes": [\n' "$(json_string "$prefix")"
    for name in "${all_runtimes[@]}"; do
      [ -f "$prefix/$name/manifest-entry.json" ] && [ -f "$prefix/.stamps/$name" ] || continue
      [ "$first" = 1 ] || printf ',\n'
      first=0
      printf '    %s' "$(cat "$prefix/$name/manifest-entry.json")"
    done
    printf '\n  ]\n}'
  )"
  # written only when it differs: a run that installs nothing changes nothing
  if [ ! -f "$prefix/manifest.json" ] || [ "$(cat "$prefix/manifest.json")" != "$content" ]; then
    printf '%s\n' "$content" > "$prefix/.manifest.json.tmp"
    mv "$prefix/.manifest.json.tmp" "$prefix/manifest.json"
    log "wrote $prefix/manifest.json"
  fi
}

# --- plan, confirm, run ------------------------------------------------------------------------------
todo=()
for name in "${selected[@]}"; do
  if up_to_date "$name"; then
    log "$name: up to date ($("$prefix/bin/$name" --version 2>/dev/null || echo '?'))"
  else
    todo+=("$name")
  fi
done
apt_wanted=()
for name in "${todo[@]}"; do
  case "$name" in
    wasm3) command -v gcc >/dev/null || apt_wanted+=(gcc libc6-dev) ;;
    graalwasm) command -v mvn >/dev/null || apt_wanted+=(maven) ;;
  esac
done
if [ ${#todo[@]} = 0 ]; then
  [ ! -d "$prefix" ] || write_manifest
  log "nothing to do"
  exit 0
fi

if [ "$assume_yes" = 0 ]; then
  [ -t 0 ] || die "this would change $prefix; no terminal to ask on: run with --yes"
  log "this will:"
  [ ${#apt_wanted[@]} = 0 ] || log "  apt-get install ${apt_wanted[*]}"
  for name in "${todo[@]}"; do log "  $name: $(describe "$name")"; done
  read -r -p "[runtimes] continue? [y/N] " answer
  case "$answer" in y|Y|yes) ;; *) die "stopped; nothing changed" ;; esac
fi

if [ ${#apt_wanted[@]} -gt 0 ]; then
  log "installing from Debian: ${apt_wanted[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_wanted[@]}" >&2
fi

mkdir -p "$prefix/bin" "$prefix/.stamps" "$prefix/logs"
exec 9> "$prefix/.lock"
flock -n 9 || die "another provision-runtimes.sh is running on $prefix"

total_started="$SECONDS"
failed=()
for name in "${todo[@]}"; do
  : > "$prefix/logs/$name.log"
  started="$SECONDS"
  set +e
  ( set -e; install_one "$name" )
  rc=$?
  set -e
  if [ "$rc" != 0 ]; then
    reason="$(cat "$prefix/.failed-$name" 2>/dev/null || echo unknown)"
    rm -f "$prefix/.failed-$name"
    log "$name: FAILED after $((SECONDS - started)) s: $reason"
    tail -n 15 "$prefix/logs/$name.log" | sed 's/^/[runtimes]   | /' >&2
    failed+=("$name: $reason")
  fi
done
write_manifest
if [ ${#failed[@]} -gt 0 ]; then
  log "done in $((SECONDS - total_started)) s; ${#failed[@]} runtime(s) failed:"
  for f in "${failed[@]}"; do log "  $f"; done
  exit 1
fi
log "done in $((SECONDS - total_started)) s"
