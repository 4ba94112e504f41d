//! Runs a WASI preview 1 command outside a container with the WasmEdge library of
//! containerd-shim-wasmedge-v1, wasi-threads included: the standalone row of a threaded module on
//! WasmEdge, which the `wasmedge` CLI cannot run (it has no wasi-threads).
//! Usage: wasmedge-run [--env KEY=VALUE]... <module.wasm> [args...]   (exit code = the guest's)
//!        wasmedge-run --version
//! A module AOT-compiled with `wasmedge compile --enable-threads` runs its native code. The
//! environment is only what `--env` gives; no preopened dirs.
use anyhow::{Context, Result, bail};
use dockerwasm_shims::wasmedge_threads::run_threaded_command;
use std::path::Path;

fn main() {
    match run() {
        Ok(code) => std::process::exit(code),
        Err(error) => {
            eprintln!("wasmedge-run: {error:#}");
            std::process::exit(125);
        }
    }
}

fn run() -> Result<i32> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--version") {
        println!("wasmedge-run {} (WasmEdge {}, wasi-threads)", env!("CARGO_PKG_VERSION"), wasmedge_sys::utils::version_string());
        return Ok(0);
    }
    let mut envs: Vec<String> = Vec::new();
    let mut rest = args.as_slice();
    while let [flag, value, tail @ ..] = rest {
        if flag != "--env" {
            break;
        }
        if !value.contains('=') {
            bail!("--env takes KEY=VALUE, got {value:?}");
        }
        envs.push(value.clone());
        rest = tail;
    }
    let Some((file, guest_args)) = rest.split_first() else {
        bail!("usage: wasmedge-run [--env KEY=VALUE]... <module.wasm> [args...]");
    };
    let bytes = std::fs::read(file).with_context(|| format!("reading {file}"))?;
    let argv0 = Path::new(file).file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_else(|| file.clone());
    let argv: Vec<String> = std::iter::once(argv0).chain(guest_args.iter().cloned()).collect();
    run_threaded_command(&bytes, "_start", &argv, &envs, &[]).with_context(|| format!("running {file}"))
}
