use containerd_shim_wasm::shim::Cli;
use dockerwasm_shims::wasmedge_shim::WasmEdgeShim;

fn main() {
    WasmEdgeShim::run(dockerwasm_shims::shim_config());
}
