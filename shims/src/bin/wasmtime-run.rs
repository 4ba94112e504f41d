//! Runs a WASI preview 1 command outside a container with the wasmtime engine of
//! containerd-shim-wasmtime-v1 (same version, same `engine_config`): the standalone wasmtime row.
//! Usage: wasmtime-run [--env KEY=VALUE]... [--dir HOST_DIR] <module.wasm | module.cwasm> [args...]   (exit code = the guest's)
//!        wasmtime-run --version
//! No compilation cache is configured (wasmtime has none unless asked), so a `.wasm` is compiled on
//! every run; a `.cwasm` from `wasmtime-precompile` is only loaded. The environment is only what
//! `--env` gives; the only preopened dir is `--dir`'s, as "/". A module built for wasm32-wasip1-threads runs on real threads
//! (wasi-threads), as in the shim.
use anyhow::{Context, Result};
use dockerwasm_shims::runner_command::parse_runner_command;
use dockerwasm_shims::threaded_module::spawns_threads;
use dockerwasm_shims::wasmtime_shim::{Preopen, load_module, new_engine, run_command, run_threaded_command};

fn main() {
    match run() {
        Ok(code) => std::process::exit(code),
        Err(error) => {
            eprintln!("wasmtime-run: {error:#}");
            std::process::exit(125);
        }
    }
}

fn run() -> Result<i32> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--version") {
        println!(
            "wasmtime-run {} (wasmtime {}, Cranelift, compilation cache off)",
            env!("CARGO_PKG_VERSION"),
            env!("DOCKERWASM_WASMTIME_VERSION")
        );
        return Ok(0);
    }
    let command = parse_runner_command(&args, "usage: wasmtime-run [--env KEY=VALUE]... [--dir HOST_DIR] <module.wasm | module.cwasm> [args...]")?;
    let file = &command.file;
    let preopen = || command.dir.clone().map_or(Preopen::Nothing, Preopen::Dir);
    if spawns_threads(&command.bytes) {
        return run_threaded_command(&command.bytes, "_start", &command.argv, &command.envs, preopen()).with_context(|| format!("running {file}"));
    }
    let engine = new_engine()?;
    let module = load_module(&engine, &command.bytes).with_context(|| format!("loading {file}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().context("starting tokio")?;
    runtime.block_on(run_command(&engine, &module, "_start", &command.argv, &command.envs, preopen()))
}
