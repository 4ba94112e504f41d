//! Precompile a Wasm module for containerd-shim-wasmtime-v1 (same wasmtime, same engine configuration).
//! Usage: wasmtime-precompile <in.wasm> <out.cwasm>
//!        wasmtime-precompile --version   (wasmtime version and the engine's compatibility hash)
use anyhow::{Context, Result, bail};
use std::hash::{DefaultHasher, Hash, Hasher};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let engine = dockerwasm_shims::wasmtime_shim::new_engine()?;
    if args.first().map(String::as_str) == Some("--version") {
        let mut hasher = DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        println!(
            "wasmtime-precompile {} (wasmtime {}, engine {:016x})",
            env!("CARGO_PKG_VERSION"),
            env!("DOCKERWASM_WASMTIME_VERSION"),
            hasher.finish()
        );
        return Ok(());
    }
    let [input, output] = args.as_slice() else {
        bail!("usage: wasmtime-precompile <in.wasm> <out.cwasm>");
    };
    let wasm = std::fs::read(input).with_context(|| format!("reading {input}"))?;
    let compiled = engine.precompile_module(&wasm).with_context(|| format!("compiling {input}"))?;
    let partial = format!("{output}.partial");
    std::fs::write(&partial, compiled).with_context(|| format!("writing {partial}"))?;
    std::fs::rename(&partial, output).with_context(|| format!("renaming to {output}"))?;
    Ok(())
}
