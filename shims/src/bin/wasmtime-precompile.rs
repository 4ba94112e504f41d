//! Precompile a Wasm module for containerd-shim-wasmtime-v1 (same wasmtime, same engine configuration).
//! Usage: wasmtime-precompile <in.wasm> <out.cwasm>
use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        bail!("usage: wasmtime-precompile <in.wasm> <out.cwasm>");
    };
    let engine = dockerwasm_shims::wasmtime_shim::new_engine()?;
    let wasm = std::fs::read(input).with_context(|| format!("reading {input}"))?;
    let compiled = engine.precompile_module(&wasm).with_context(|| format!("compiling {input}"))?;
    let partial = format!("{output}.partial");
    std::fs::write(&partial, compiled).with_context(|| format!("writing {partial}"))?;
    std::fs::rename(&partial, output).with_context(|| format!("renaming to {output}"))?;
    Ok(())
}
