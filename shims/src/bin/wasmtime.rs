use containerd_shim_wasm::shim::Cli;
use dockerwasm_shims::wasmtime_shim::WasmtimeShim;

fn main() {
    WasmtimeShim::run(dockerwasm_shims::shim_config());
}
