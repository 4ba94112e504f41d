//! Two containerd shims for Wasm, each a `Sandbox` for runwasi's `containerd-shim-wasm` library.
//! dockerwasm runs WASI preview 1 command modules (`_start`), so that is what these shims accept.
#[cfg(feature = "wasmtime")]
pub mod wasmtime_shim;
#[cfg(feature = "wasmedge")]
pub mod wasmedge_shim;
