//! The wasmtime shim: runs a WASI preview 1 module, or a module precompiled by `wasmtime-precompile`
//! (same wasmtime version and same `engine_config`, else wasmtime refuses it with a clear error).
//! A module that imports wasi-threads' `thread-spawn` (built for wasm32-wasip1-threads) runs on real
//! threads: each spawned thread gets an instance of its own over the module's shared memory.
use anyhow::{Context, Result, bail};
use containerd_shim_wasm::sandbox::Sandbox;
use containerd_shim_wasm::sandbox::context::{Entrypoint, RuntimeContext, WasmLayer};
use containerd_shim_wasm::shim::{Compiler, Shim, Version, version};
use std::hash::Hash;
use std::sync::{Arc, OnceLock};
use wasmtime::{Config, Engine, Linker, Module, Precompiled, Store};
use wasmtime_wasi::preview1::{self, WasiP1Ctx};
use wasmtime_wasi::{DirPerms, FilePerms, I32Exit, WasiCtxBuilder};
use wasmtime_wasi_threads::WasiThreadsCtx;
use crate::threaded_module::spawns_threads;

pub struct WasmtimeShim;

pub struct WasmtimeSandbox {
    engine: Engine,
}

/// The one engine configuration used both to run and to precompile modules.
/// Async support is required: the shim runs inside a tokio runtime, and wasmtime-wasi's synchronous
/// preview 1 adapter would start a second one (it panics).
pub fn engine_config() -> Config {
    let mut config = Config::new();
    config.parallel_compilation(true);
    config.async_support(true);
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

    /// Precompiles the module of an OCI Wasm image (a layer with a Wasm media type) the first time it
    /// runs; the library keeps the result in containerd's content store, labelled with the cache key,
    /// and later starts load it instead of compiling. An ordinary image (the module a file in its root
    /// filesystem) has no such layer and is compiled at every start, as before.
    #[allow(refining_impl_trait)]
    async fn compiler() -> Option<WasmtimeCompiler> {
        Some(WasmtimeCompiler { engine: OnceLock::new() })
    }
}

/// Its engine is made on first use: the library asks for the compiler once per shim process (under
/// Docker, once per container), and a container of an ordinary image (no Wasm layer) never uses it.
pub struct WasmtimeCompiler {
    engine: OnceLock<Result<Engine, String>>,
}

impl WasmtimeCompiler {
    /// The run configuration, compiling on one thread: wasmtime's parallel compilation uses rayon's global
    /// pool, whose threads a process forked from this one (a container) would not have. The setting is not
    /// part of the compatibility hash, so what it makes loads in the engine that runs modules.
    fn engine(&self) -> Result<&Engine> {
        self.engine
            .get_or_init(|| {
                let mut config = engine_config();
                config.parallel_compilation(false);
                Engine::new(&config).map_err(|error| format!("{error:#}"))
            })
            .as_ref()
            .map_err(|error| anyhow::anyhow!("no wasmtime engine to precompile with: {error}"))
    }
}

impl Compiler for WasmtimeCompiler {
    /// wasmtime's own compatibility hash: a module precompiled by another version or configuration is
    /// compiled again rather than refused. (No engine: a key nothing is stored under, and `compile` fails,
    /// so the library runs the module as it is.)
    fn cache_key(&self) -> impl Hash {
        self.engine().ok().map(|engine| engine.precompile_compatibility_hash())
    }

    /// One entry per layer, as the library requires: a core module compiled, anything else `None`.
    /// Compiling blocks, so it runs on tokio's blocking pool, not on the shim's async workers.
    /// A module that spawns threads is left as it is: it runs on the threads engine, not this one.
    async fn compile(&self, layers: &[WasmLayer]) -> Result<Vec<Option<Vec<u8>>>> {
        let engine = self.engine()?.clone();
        let modules: Vec<Option<Vec<u8>>> = layers
            .iter()
            .map(|layer| {
                let compile = matches!(module_kind(&layer.layer), ModuleKind::Core) && !spawns_threads(&layer.layer);
                compile.then(|| layer.layer.clone())
            })
            .collect();
        tokio::task::spawn_blocking(move || {
            modules
                .into_iter()
                .map(|module| module.map(|bytes| engine.precompile_module(&bytes)).transpose())
                .collect()
        })
        .await?
    }
}

impl Sandbox for WasmtimeSandbox {
    /// Accepts what `load_module` runs: a core module, or a module precompiled for this engine.
    /// (The library's default accepts only `\0asm` or WAT; a `.cwasm` is an ELF file, so it must
    /// also not be executable in the image, or the library takes it for a Linux program.)
    async fn can_handle(&self, ctx: &impl RuntimeContext) -> Result<()> {
        // header checks only: compiling here would compile the module twice per start
        let Entrypoint { source, .. } = ctx.entrypoint();
        let bytes = source.as_bytes()?;
        match module_kind(&bytes) {
            ModuleKind::Core | ModuleKind::Precompiled => Ok(()),
            ModuleKind::Component => bail!("this shim runs core WASI preview 1 modules, not components"),
            ModuleKind::Unknown => bail!("entrypoint is neither a Wasm module nor a precompiled wasmtime module"),
        }
    }

    async fn run_wasi(&self, ctx: &impl RuntimeContext) -> Result<i32> {
        let Entrypoint { source, func, .. } = ctx.entrypoint();
        let bytes = source.as_bytes()?;
        let envs: Vec<(String, String)> = ctx
            .envs()
            .iter()
            .map(|pair| match pair.split_once('=') {
                Some((key, value)) => (key.to_string(), value.to_string()),
                None => (pair.to_string(), String::new()),
            })
            .collect();
        if spawns_threads(&bytes) {
            let (bytes, args) = (bytes.to_vec(), ctx.args().to_vec());
            return tokio::task::spawn_blocking(move || run_threaded_command(&bytes, &func, &args, &envs, Preopen::Root)).await?;
        }
        let module = load_module(&self.engine, &bytes)?;
        run_command(&self.engine, &module, &func, ctx.args(), &envs, Preopen::Root).await
    }
}

/// What a module may see of the filesystem: the container's root, or nothing (the standalone runner).
pub enum Preopen {
    Root,
    /// a host folder, seen by the guest as "/"
    Dir(String),
    Nothing,
}

/// Instantiates a WASI preview 1 command and calls `func`; the guest's `proc_exit` code is the result.
pub async fn run_command(
    engine: &Engine,
    module: &Module,
    func: &str,
    args: &[String],
    envs: &[(String, String)],
    preopen: Preopen,
) -> Result<i32> {
    let mut builder = WasiCtxBuilder::new();
    builder.args(args).envs(envs).inherit_stdio();
    match &preopen {
        Preopen::Root => {
            builder.preopened_dir("/", "/", DirPerms::all(), FilePerms::all())?;
        }
        Preopen::Dir(host) => {
            builder.preopened_dir(host, "/", DirPerms::all(), FilePerms::all())?;
        }
        Preopen::Nothing => {}
    }
    let wasi = builder.build_p1();

    let mut store = Store::new(engine, wasi);
    let mut linker: Linker<WasiP1Ctx> = Linker::new(engine);
    preview1::add_to_linker_async(&mut linker, |wasi| wasi)?;
    let instance = linker.instantiate_async(&mut store, module).await?;
    let start = instance
        .get_typed_func::<(), ()>(&mut store, func)
        .with_context(|| format!("module has no function {func:?} to start"))?;
    match start.call_async(&mut store, ()).await {
        Ok(()) => Ok(0),
        Err(error) => match error.downcast_ref::<I32Exit>() {
            Some(exit) => Ok(exit.0),
            None => Err(error),
        },
    }
}

/// The engine of a module that spawns threads: the threads proposal on, and synchronous, as
/// wasmtime-wasi-threads starts each thread's instance with blocking calls. (Not `engine_config`:
/// such a module is never precompiled.)
pub fn threads_engine_config() -> Config {
    let mut config = Config::new();
    config.parallel_compilation(true);
    config.wasm_threads(true);
    config
}

/// What a thread's store holds: wasi-common's preview 1 context, whose clones share one set of
/// files, arguments and environment (wasi-threads needs a `Clone` store), and the thread spawner.
#[derive(Clone)]
struct ThreadsHost {
    wasi: wasi_common::WasiCtx,
    threads: Option<Arc<WasiThreadsCtx<ThreadsHost>>>,
}

/// Runs a module that spawns threads and calls `func`; the guest's `proc_exit` code is the result (a
/// `proc_exit` or trap on another thread ends the process, as wasi-threads specifies).
pub fn run_threaded_command(bytes: &[u8], func: &str, args: &[String], envs: &[(String, String)], preopen: Preopen) -> Result<i32> {
    let engine = Engine::new(&threads_engine_config()).context("failed to create the wasmtime threads engine")?;
    let module = Module::from_binary(&engine, bytes)?;
    let mut builder = wasi_common::sync::WasiCtxBuilder::new();
    builder.inherit_stdio().args(args)?.envs(envs)?;
    let host = match &preopen {
        Preopen::Root => Some("/"),
        Preopen::Dir(host) => Some(host.as_str()),
        Preopen::Nothing => None,
    };
    if let Some(host) = host {
        let root = wasi_common::sync::Dir::open_ambient_dir(host, wasi_common::sync::ambient_authority())?;
        builder.preopened_dir(root, "/")?;
    }
    let mut store = Store::new(&engine, ThreadsHost { wasi: builder.build(), threads: None });
    let mut linker: Linker<ThreadsHost> = Linker::new(&engine);
    wasi_common::sync::add_to_linker(&mut linker, |host| &mut host.wasi)?;
    wasmtime_wasi_threads::add_to_linker(&mut linker, &store, &module, |host| host.threads.as_ref().expect("set before instantiation"))?;
    let threads = WasiThreadsCtx::new(module.clone(), Arc::new(linker.clone()))?;
    store.data_mut().threads = Some(Arc::new(threads));
    let instance = linker.instantiate(&mut store, &module)?;
    let start = instance
        .get_typed_func::<(), ()>(&mut store, func)
        .with_context(|| format!("module has no function {func:?} to start"))?;
    match start.call(&mut store, ()) {
        Ok(()) => Ok(0),
        Err(error) => match error.downcast_ref::<wasi_common::I32Exit>() {
            Some(exit) => Ok(exit.0),
            None => Err(error),
        },
    }
}

/// A core module is compiled; a precompiled one is checked and loaded.
pub fn load_module(engine: &Engine, bytes: &[u8]) -> Result<Module> {
    match module_kind(bytes) {
        ModuleKind::Core => Module::from_binary(engine, bytes),
        // SAFETY: wasmtime checks the artifact was made by this version with this configuration; the
        // bytes come from the container image, the file the operator chose to run, or containerd's
        // content store (a module this shim precompiled, found by a label: whoever can write to that
        // store can also replace the image itself).
        ModuleKind::Precompiled => unsafe { Module::deserialize(engine, bytes) },
        ModuleKind::Component => bail!("this runs core WASI preview 1 modules, not components"),
        ModuleKind::Unknown => bail!("neither a Wasm module nor a precompiled wasmtime module"),
    }
}

enum ModuleKind {
    Core,
    Component,
    Precompiled,
    Unknown,
}

fn module_kind(bytes: &[u8]) -> ModuleKind {
    if bytes.starts_with(b"\0asm") {
        return match bytes.get(4..8) {
            Some([1, 0, 0, 0]) => ModuleKind::Core,
            _ => ModuleKind::Component,
        };
    }
    match Engine::detect_precompiled(bytes) {
        Some(Precompiled::Module) => ModuleKind::Precompiled,
        Some(Precompiled::Component) => ModuleKind::Component,
        None => ModuleKind::Unknown,
    }
}

