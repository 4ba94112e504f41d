//! Tells a module built for wasm32-wasip1-threads by its imports; both shims run such a module their
//! own way (wasi-threads: an instance per thread over one shared memory).
use wasmparser::{Encoding, Parser, Payload};

/// Whether a core module imports wasi-threads' `wasi` `thread-spawn`. A component, a precompiled
/// wasmtime module or anything that is not Wasm does not.
pub fn spawns_threads(bytes: &[u8]) -> bool {
    for payload in Parser::new(0).parse_all(bytes) {
        match payload {
            Ok(Payload::Version { encoding: Encoding::Component, .. }) => return false,
            Ok(Payload::ImportSection(imports)) => {
                return imports.into_iter().flatten().any(|import| import.module == "wasi" && import.name == "thread-spawn");
            }
            // the import section comes before any code
            Ok(Payload::CodeSectionStart { .. }) | Err(_) => return false,
            Ok(_) => {}
        }
    }
    false
}
