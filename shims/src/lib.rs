//! Two containerd shims for Wasm, each a `Sandbox` for runwasi's `containerd-shim-wasm` library.
//! dockerwasm runs WASI preview 1 command modules (`_start`), so that is what these shims accept.
#[cfg(feature = "wasmtime")]
pub mod wasmtime_shim;
#[cfg(feature = "wasmedge")]
pub mod wasmedge_shim;
#[cfg(feature = "wasmedge")]
pub mod wasmedge_api;
#[cfg(feature = "wasmedge")]
pub mod wasmedge_command;
#[cfg(feature = "wasmedge")]
pub mod host_waits;
#[cfg(feature = "wasmedge")]
pub mod futex_waits;

#[cfg(any(feature = "wasmtime", feature = "wasmedge"))]
pub mod threaded_module;
pub mod runner_command;

use containerd_shim_wasm::shim::Config;

/// The library opens the bundle's `log` FIFO for writing for every action, `delete` included. When
/// containerd restarts after a crash it runs `<shim> delete` on each dead shim's bundle without reading
/// that FIFO, so the open blocks for ever and containerd (and dockerd with it) never comes up
/// (containerd/containerd#13848 is the containerd side). `delete` logs nowhere instead.
pub fn shim_config() -> Config {
    Config { no_setup_logger: shim_action() == Some("delete"), ..Config::default() }
}

/// What containerd runs a shim binary for: `start` (spawn the server, print its address, exit),
/// `delete` (clean up after a dead server), or none: the server, which creates and runs the containers.
/// containerd puts the action last; `-v` prints the version.
pub fn shim_action() -> Option<&'static str> {
    // args_os: an argument that is not UTF-8 must not panic the shim before it starts
    let last = std::env::args_os().skip(1).last()?;
    ["start", "delete", "-v"].into_iter().find(|action| last == *action)
}
