//! Bounds the untimed atomic waits of a wasm32-wasip1-threads module for WasmEdge 0.14, which loses
//! wake-ups (see `bound_waits`). Run it before `wasmedge compile --enable-threads`.
//! Usage: wasm-bound-waits [--bound-ns N] <in.wasm> <out.wasm>   (default bound: 1 ms)
//!        wasm-bound-waits --version
use anyhow::{Context, Result, bail};
use dockerwasm_shims::bound_waits::bound_atomic_waits;

const DEFAULT_BOUND_NS: i64 = 1_000_000;

fn main() {
    if let Err(error) = run() {
        eprintln!("wasm-bound-waits: {error:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (bound_ns, files) = match args.as_slice() {
        [flag] if flag == "--version" => {
            println!("wasm-bound-waits {} (default bound {DEFAULT_BOUND_NS} ns)", env!("CARGO_PKG_VERSION"));
            return Ok(());
        }
        [flag, value, files @ ..] if flag == "--bound-ns" => (value.parse::<i64>().with_context(|| format!("--bound-ns takes nanoseconds, got {value:?}"))?, files),
        files => (DEFAULT_BOUND_NS, files),
    };
    let [input, output] = files else {
        bail!("usage: wasm-bound-waits [--bound-ns N] <in.wasm> <out.wasm>");
    };
    let bytes = std::fs::read(input).with_context(|| format!("reading {input}"))?;
    let (bounded, waits) = bound_atomic_waits(&bytes, bound_ns).with_context(|| format!("rewriting {input}"))?;
    let partial = format!("{output}.partial");
    std::fs::write(&partial, bounded).with_context(|| format!("writing {partial}"))?;
    std::fs::rename(&partial, output).with_context(|| format!("renaming to {output}"))?;
    eprintln!("wasm-bound-waits: bounded {waits} atomic waits to {bound_ns} ns when untimed");
    Ok(())
}
