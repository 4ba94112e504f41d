use containerd_shim_wasm::shim::Cli;
use dockerwasm_shims::wasmedge_shim::WasmEdgeShim;
use dockerwasm_shims::{shim_action, shim_config, wasmedge_api};

fn main() {
    // The server opens libwasmedge before it creates a container, which is forked from it and cannot
    // reach the host's libraries after pivot_root; `start` and `delete` never load it. A failure here
    // is reported by the container that needs the library.
    if shim_action().is_none() {
        let _ = wasmedge_api::open();
    }
    WasmEdgeShim::run(shim_config());
}
