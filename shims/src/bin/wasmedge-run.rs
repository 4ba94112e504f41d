//! Runs a WASI preview 1 command outside a container with the WasmEdge library of
//! containerd-shim-wasmedge-v1, wasi-threads included: the standalone row of a threaded module on
//! WasmEdge, which the `wasmedge` CLI cannot run (it has no wasi-threads).
//! Usage: wasmedge-run [--env KEY=VALUE]... [--dir HOST_DIR] <module.wasm> [args...]   (exit code = the guest's)
//!        wasmedge-run --version
//! A module AOT-compiled with `wasmedge compile --enable-threads` runs its native code. The
//! environment is only what `--env` gives; the only preopened dir is `--dir`'s, as "/".
use anyhow::{Context, Result};
use dockerwasm_shims::runner_command::parse_runner_command;
use dockerwasm_shims::wasmedge_api;
use dockerwasm_shims::wasmedge_command::run_wasi_command;

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
        println!("wasmedge-run {} (WasmEdge {}, wasi-threads)", env!("CARGO_PKG_VERSION"), wasmedge_api::version()?);
        return Ok(0);
    }
    let command = parse_runner_command(&args, "usage: wasmedge-run [--env KEY=VALUE]... [--dir HOST_DIR] <module.wasm> [args...]")?;
    // WasmEdge's WASI takes the environment as KEY=VALUE strings
    let envs: Vec<String> = command.envs.iter().map(|(key, value)| format!("{key}={value}")).collect();
    let preopens: Vec<String> = command.dir.iter().map(|host| format!("/:{host}")).collect();
    run_wasi_command(&command.bytes, "_start", &command.argv, &envs, &preopens).with_context(|| format!("running {}", command.file))
}
