// Records the wasmtime version this crate is built against (from Cargo.lock) for `--version` outputs.
fn main() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let version = lock
        .split("[[package]]")
        .find(|block| block.contains("name = \"wasmtime\"\n"))
        .and_then(|block| block.lines().find_map(|line| line.strip_prefix("version = \"")))
        .map(|rest| rest.trim_end_matches('"').to_string())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=DOCKERWASM_WASMTIME_VERSION={version}");
}
