// The dataset is embedded at build time, as in the thesis, so the binary (and image) grows with it.
// DOCKERWASM_TREE_CSV names the file; `dockerwasm guests build tree --rows N` sets it.
fn main() {
    println!("cargo:rerun-if-env-changed=DOCKERWASM_TREE_CSV");
    let path = std::env::var("DOCKERWASM_TREE_CSV").unwrap_or_else(|_| {
        panic!("DOCKERWASM_TREE_CSV must name the CSV to embed (make one with `dockerwasm dataset cvd`)")
    });
    let path = std::fs::canonicalize(&path).unwrap_or_else(|error| panic!("DOCKERWASM_TREE_CSV={path}: {error}"));
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo:rustc-env=DOCKERWASM_TREE_CSV_PATH={}", path.display());
}
