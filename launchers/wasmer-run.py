"""Runs a WASI preview-1 command module in Wasmer (Cranelift, Universal engine), from the command line.

    wasmer --version
    wasmer [--env KEY=VALUE]... [--dir HOST_DIR] <module.wasm> [guest args...]

Runs on the PyPI packages wasmer 1.1.0 and wasmer_compiler_cranelift 1.1.0 (wheels for CPython 3.7-3.10 only),
in the venv that scripts/provision-runtimes.sh makes. The guest gets argv = the module's file name, then the
guest args; only the environment variables --env gives; --dir's host folder mapped as "/" (without it, Wasmer's
WASI still shows its own empty virtual root "/" at fd 3); the process's own stdin, stdout and stderr. The exit code is proc_exit's
code, 0 when _start returns, and 1 with Wasmer's message on stderr when the module is rejected or traps.
"""

import os
import re
import sys

USAGE = "usage: wasmer <module.wasm> [guest args...]\n       wasmer --version"


def crate_version(extension_dir, crate):
    """The version of a Rust crate compiled into a package's extension module, from the crate paths in it."""
    pattern = re.compile(rb"[/\\]" + re.escape(crate.encode()) + rb"-(\d+\.\d+\.\d+)[/\\]")
    try:
        for name in sorted(os.listdir(extension_dir)):
            if name.endswith(".so") or name.endswith(".pyd"):
                with open(os.path.join(extension_dir, name), "rb") as f:
                    found = pattern.search(f.read())
                if found:
                    return found.group(1).decode()
    except OSError:
        pass
    return None


def version_line():
    from importlib.metadata import version

    import wasmer
    import wasmer_compiler_cranelift

    package = version("wasmer")
    compiler_package = version("wasmer_compiler_cranelift")
    # the package's own __core_version__ names the package, not the Wasmer runtime it embeds: read the
    # versions of the wasmer and cranelift-codegen crates compiled into its extension modules
    core = crate_version(os.path.dirname(wasmer.__file__), "wasmer-vm")
    cranelift = crate_version(os.path.dirname(wasmer_compiler_cranelift.__file__), "cranelift-codegen")
    python = "CPython %d.%d.%d" % sys.version_info[:3]
    if core is None:
        return "wasmer (PyPI wasmer %s + wasmer_compiler_cranelift %s, %s)" % (package, compiler_package, python)
    details = "PyPI wasmer %s + wasmer_compiler_cranelift %s" % (package, compiler_package)
    if cranelift:
        details += ", Cranelift %s" % cranelift
    return "wasmer %s (%s, Universal engine, %s)" % (core, details, python)


def main(argv):
    if not argv:
        print(USAGE, file=sys.stderr)
        return 2
    if argv[0] == "--version":
        print(version_line())
        return 0
    if argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    envs, directory = [], None
    while len(argv) >= 2 and argv[0] in ("--env", "--dir"):
        if argv[0] == "--dir":
            directory = argv[1]
        else:
            envs.append(argv[1].split("=", 1))
        argv = argv[2:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print(USAGE, file=sys.stderr)
        return 2
    path, guest_args = argv[0], argv[1:]
    try:
        with open(path, "rb") as f:
            wasm_bytes = f.read()
    except OSError as e:
        print("wasmer: cannot read %s: %s" % (path, e.strerror), file=sys.stderr)
        return 1

    from wasmer import Instance, Module, Store, engine, wasi
    from wasmer_compiler_cranelift import Compiler

    try:
        store = Store(engine.Universal(Compiler))
        module = Module(store, wasm_bytes)
        # a module with no WASI import at all still gets the preview-1 import object
        version = wasi.get_version(module, strict=False) or wasi.Version.SNAPSHOT1
        state = wasi.StateBuilder(os.path.basename(path)).arguments(guest_args)
        for key, value in envs:
            state = state.environment(key, value)
        if directory is not None:
            state = state.map_directory("/", directory)
        environment = state.finalize()
        instance = Instance(module, environment.generate_import_object(store, version))
    except Exception as e:  # wasmer raises plain exceptions (TypeError, RuntimeError, ...) for a rejected module
        print("wasmer: cannot instantiate %s: %s" % (path, e), file=sys.stderr)
        return 1
    try:
        start = instance.exports._start
    except Exception:  # Exports raises LookupError for a missing name
        start = None
    if start is None:
        print("wasmer: %s exports no _start function (not a WASI command)" % path, file=sys.stderr)
        return 1
    try:
        start()
    except RuntimeError as e:
        exited = re.search(r"WASI exited with code: (\d+)", str(e))
        if exited:
            return int(exited.group(1))
        print("wasmer: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a closed pipe: the exit code still is the guest's
            pass
    # the guest's code (a WASI code is 32 bits; the kernel keeps the low 8) without Python's exit handling
    os._exit(code & 0xFF)
