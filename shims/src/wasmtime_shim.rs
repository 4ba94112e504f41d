//! The wasmtime shim: runs a WASI preview 1 module, or a module precompiled by `wasmtime-precompile`
//! (same wasmtime version and same `engine_config`, else wasmtime refuses it with a clear error).
use anyhow::{Context, Result, bail};
use containerd_shim_wasm::sandbox::Sandbox;
use containerd_shim_wasm::sandbox::context::{Entrypoint, RuntimeContext};
use containerd_shim_wasm::shim::{Shim, Version, version};
use wasmtime::{Config, Engine, Linker, Module, Precompiled, Store};
use wasmtime_wasi::preview1::{self, WasiP1Ctx};
use wasmtime_wasi::{DirPerms, FilePerms, I32Exit, WasiCtxBuilder};

pub struct WasmtimeShim;

pub struct WasmtimeSandbox {
    engine: Engine,
}

/// The one engine configuration used both to run and to precompile modules.
pub fn engine_config() -> Config {
    let mut config = Config::new();
    config.parallel_compilation(true);
    config
}

pub fn new_engine() -> Result<Engine> {
    Engine::new(&engine_config()).context("failed to create the wasmtime engine")
}

impl Default for WasmtimeSandbox {
    fn default() -> Self {
        Self { engine: new_engine().expect("wasmtime engine") }
    }
}

impl Shim for WasmtimeShim {
    fn name() -> &'static str {
        "wasmtime"
    }

    fn version() -> Version {
        version!()
    }

    type Sandbox = WasmtimeSandbox;
}

impl Sandbox for WasmtimeSandbox {
    async fn run_wasi(&self, ctx: &impl RuntimeContext) -> Result<i32> {
        let Entrypoint { source, func, .. } = ctx.entrypoint();
        let bytes = source.as_bytes()?;
        let module = self.load_module(&bytes)?;

        let envs: Vec<(String, String)> = ctx
            .envs()
            .iter()
            .map(|pair| match pair.split_once('=') {
                Some((key, value)) => (key.to_string(), value.to_string()),
                None => (pair.to_string(), String::new()),
            })
            .collect();
        let wasi = WasiCtxBuilder::new()
            .args(ctx.args())
            .envs(&envs)
            .inherit_stdio()
            .preopened_dir("/", "/", DirPerms::all(), FilePerms::all())?
            .build_p1();

        let mut store = Store::new(&self.engine, wasi);
        let mut linker: Linker<WasiP1Ctx> = Linker::new(&self.engine);
        preview1::add_to_linker_sync(&mut linker, |wasi| wasi)?;
        let instance = linker.instantiate(&mut store, &module)?;
        let start = instance
            .get_typed_func::<(), ()>(&mut store, &func)
            .with_context(|| format!("module has no function {func:?} to start"))?;
        match start.call(&mut store, ()) {
            Ok(()) => Ok(0),
            Err(error) => match error.downcast_ref::<I32Exit>() {
                Some(exit) => Ok(exit.0),
                None => Err(error),
            },
        }
    }
}

impl WasmtimeSandbox {
    fn load_module(&self, bytes: &[u8]) -> Result<Module> {
        if bytes.starts_with(b"\0asm") {
            if bytes.get(4..8) != Some(&[1, 0, 0, 0]) {
                bail!("this shim runs core WASI preview 1 modules, not components");
            }
            return Module::from_binary(&self.engine, bytes);
        }
        match Engine::detect_precompiled(bytes) {
            // SAFETY: wasmtime checks the artifact was made by this version with this configuration;
            // the bytes come from the container image, which the operator chose to run.
            Some(Precompiled::Module) => unsafe { Module::deserialize(&self.engine, bytes) },
            Some(Precompiled::Component) => bail!("this shim does not run components"),
            None => bail!("entrypoint is neither a Wasm module nor a precompiled wasmtime module"),
        }
    }
}
