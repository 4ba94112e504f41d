//! The WasmEdge shim, linked to the system libwasmedge. A module AOT-compiled by `wasmedge compile`
//! (a "universal" wasm with native code in a custom section) runs compiled; a plain module is interpreted.
//! A module built for wasm32-wasip1-threads runs on `wasmedge_threads` (wasi-threads, which WasmEdge lacks).
use anyhow::{Context, Result};
use containerd_shim_wasm::sandbox::Sandbox;
use containerd_shim_wasm::sandbox::context::{Entrypoint, RuntimeContext};
use containerd_shim_wasm::shim::{Shim, Version, version};
use crate::threaded_module::spawns_threads;
use crate::wasmedge_threads::run_threaded_command;
use std::collections::HashMap;
use wasmedge_sdk::config::{CommonConfigOptions, Config, ConfigBuilder};
use wasmedge_sdk::wasi::WasiModule;
use wasmedge_sdk::{Module, Store, Vm};

pub struct WasmEdgeShim;

pub struct WasmEdgeSandbox {
    config: Config,
}

impl Default for WasmEdgeSandbox {
    fn default() -> Self {
        let config = ConfigBuilder::new(CommonConfigOptions::default())
            .build()
            .expect("WasmEdge configuration");
        Self { config }
    }
}

impl Shim for WasmEdgeShim {
    fn name() -> &'static str {
        "wasmedge"
    }

    fn version() -> Version {
        version!()
    }

    type Sandbox = WasmEdgeSandbox;
}

impl Sandbox for WasmEdgeSandbox {
    async fn run_wasi(&self, ctx: &impl RuntimeContext) -> Result<i32> {
        let args = ctx.args();
        let envs = ctx.envs();
        let Entrypoint { source, func, name, .. } = ctx.entrypoint();
        let bytes = source.as_bytes()?;
        if spawns_threads(&bytes) {
            return run_threaded_command(&bytes, &func, &args, &envs, &["/:/".to_string()]);
        }

        let mut wasi = WasiModule::create(
            Some(args.iter().map(String::as_str).collect()),
            Some(envs.iter().map(String::as_str).collect()),
            Some(vec!["/:/"]),
        )?;
        let mut instances = HashMap::new();
        instances.insert(wasi.name().to_string(), wasi.as_mut());

        let module = Module::from_bytes(Some(&self.config), &bytes)?;
        let store = Store::new(Some(&self.config), instances)?;
        let mut vm = Vm::new(store);
        let module_name = name.unwrap_or_else(|| "main".to_string());
        vm.register_module(Some(&module_name), module).context("registering the module")?;
        vm.run_func(Some(&module_name), func, vec![])?;
        Ok(wasi.exit_code() as i32)
    }
}
