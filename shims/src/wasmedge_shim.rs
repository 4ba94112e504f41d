//! The WasmEdge shim, on the system libwasmedge (opened at run time: `wasmedge_api`). A module
//! AOT-compiled by `wasmedge compile` (a "universal" wasm with native code in a custom section) runs
//! compiled; a plain module is interpreted. A module built for wasm32-wasip1-threads gets wasi-threads
//! (`wasmedge_command`), which WasmEdge lacks.
use anyhow::Result;
use containerd_shim_wasm::sandbox::Sandbox;
use containerd_shim_wasm::sandbox::context::{Entrypoint, RuntimeContext};
use containerd_shim_wasm::shim::{Shim, Version, version};
use crate::wasmedge_command::run_wasi_command;

pub struct WasmEdgeShim;

#[derive(Default)]
pub struct WasmEdgeSandbox;

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
        let Entrypoint { source, func, .. } = ctx.entrypoint();
        let bytes = source.as_bytes()?;
        run_wasi_command(&bytes, &func, &ctx.args(), &ctx.envs(), &["/:/".to_string()])
    }
}
