//! Rewrites a wasm32-wasip1-threads module for WasmEdge 0.14, which loses wake-ups: its atomic waits and
//! notifies become calls to functions our WasmEdge runners provide (see `host_waits`). Run it before
//! `wasmedge compile --enable-threads`; the result runs under containerd-shim-wasmedge-v1 and wasmedge-run.
//! Usage: wasm-host-waits <in.wasm> <out.wasm>
//!        wasm-host-waits --version
use anyhow::{Context, Result, bail};
use dockerwasm_shims::host_waits::{HOST_MODULE, host_atomic_waits};

fn main() {
    if let Err(error) = run() {
        // one line: wasmparser spreads some messages over several (a bad magic number as a list)
        let message = format!("{error:#}").split_whitespace().collect::<Vec<_>>().join(" ");
        eprintln!("wasm-host-waits: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = match args.as_slice() {
        [flag] if flag == "--version" => {
            println!("wasm-host-waits {} (waits and notifies imported from {HOST_MODULE:?})", env!("CARGO_PKG_VERSION"));
            return Ok(());
        }
        [input, output] => [input, output],
        _ => bail!("usage: wasm-host-waits <in.wasm> <out.wasm>"),
    };
    let bytes = std::fs::read(input).with_context(|| format!("reading {input}"))?;
    let (rewritten, counts) = host_atomic_waits(&bytes).with_context(|| format!("rewriting {input}"))?;
    let partial = format!("{output}.partial");
    std::fs::write(&partial, rewritten).with_context(|| format!("writing {partial}"))?;
    std::fs::rename(&partial, output).with_context(|| format!("renaming to {output}"))?;
    eprintln!(
        "wasm-host-waits: {} wait32 and {} notify moved to {HOST_MODULE:?}, {} wait64 left to WasmEdge (untimed ones bounded to 1 ms)",
        counts.wait32s, counts.notifies, counts.wait64s
    );
    Ok(())
}
