//! What every guest shares. A guest prints exactly one JSON line on stdout, last:
//! `{"algorithm", "n", "load_ms", "fit_ms", "predict_ms", "compute_ms", "result", "digest", "target", "threads"}`.
//! Timings come from `Instant` (CLOCK_MONOTONIC natively, WASI's monotonic clock in Wasm).
use serde_json::{json, Map, Value};
use sha2::{Digest as _, Sha256};
use std::time::Instant;

/// Times the phases of a run; `compute_ms` is the sum of the phases (load + fit + predict).
pub struct Stopwatch {
    started: Instant,
    phases: Vec<(&'static str, f64)>,
}

impl Stopwatch {
    pub fn start() -> Self {
        Stopwatch { started: Instant::now(), phases: Vec::new() }
    }

    /// Runs `work` and records its duration as `<name>_ms`.
    pub fn phase<T>(&mut self, name: &'static str, work: impl FnOnce() -> T) -> T {
        let begun = Instant::now();
        let value = work();
        self.phases.push((name, begun.elapsed().as_secs_f64() * 1e3));
        value
    }

    fn total_ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1e3
    }
}

/// A hash of a model's outputs and of the model itself, the same on every target when the computation is the same.
/// Floats are hashed as text with 9 significant digits, so that a last-bit difference between
/// two math libraries (glibc natively, wasi-libc in Wasm) does not count as a different result.
#[derive(Default)]
pub struct OutputDigest {
    hash: Sha256,
    /// The label being repeated and how many times so far.
    run: Option<(usize, u64)>,
}

impl OutputDigest {
    pub fn new() -> Self {
        Self::default()
    }
    /// Labels (cluster indices, classes, tree depths and feature indices) are small integers, hashed
    /// run-length encoded: each run of equal labels as the label and its count, both unsigned LEB128.
    /// One byte per label cost a K-Means 1M run (3M labels, long runs) about 30 ms more in Wasm than
    /// natively, where SHA-256 has CPU instructions: our check, not the workload.
    pub fn add_label(&mut self, label: usize) {
        match &mut self.run {
            Some((current, count)) if *current == label => *count += 1,
            _ => {
                self.end_run();
                self.run = Some((label, 1));
            }
        }
    }
    pub fn add_float(&mut self, value: f64) {
        self.end_run();
        self.hash.update(format!("{value:.8e};").as_bytes());
    }
    pub fn hex(mut self) -> String {
        self.end_run();
        self.hash.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
    }
    fn end_run(&mut self) {
        if let Some((label, count)) = self.run.take() {
            self.add_leb128(label as u64);
            self.add_leb128(count);
        }
    }
    fn add_leb128(&mut self, value: u64) {
        let mut rest = value;
        let mut bytes = [0u8; 10];
        let mut len = 0;
        loop {
            let low = (rest & 0x7f) as u8;
            rest >>= 7;
            bytes[len] = if rest == 0 { low } else { low | 0x80 };
            len += 1;
            if rest == 0 {
                break;
            }
        }
        self.hash.update(&bytes[..len]);
    }
}

/// Prints the result line; the only thing a guest writes to stdout.
pub fn print_result(algorithm: &str, n: usize, watch: &Stopwatch, result: Value, digest: OutputDigest) {
    let mut line = Map::new();
    line.insert("algorithm".into(), json!(algorithm));
    line.insert("n".into(), json!(n));
    let mut compute_ms = 0.0;
    for (name, ms) in &watch.phases {
        line.insert(format!("{name}_ms"), json!(round3(*ms)));
        compute_ms += ms;
    }
    line.insert("compute_ms".into(), json!(round3(compute_ms)));
    line.insert("main_ms".into(), json!(round3(watch.total_ms())));
    line.insert("result".into(), result);
    line.insert("digest".into(), json!(digest.hex()));
    line.insert("target".into(), json!(std::env::consts::ARCH));
    // linfa's K-Means runs its assignment step on rayon's pool: natively one thread per CPU, in
    // wasm32-wasip1 (no threads) one. The reports use this to explain a compute difference.
    line.insert("threads".into(), json!(rayon_core::current_num_threads()));
    println!("{}", Value::Object(line));
}

pub fn round3(value: f64) -> f64 {
    (value * 1e3).round() / 1e3
}

/// Parses `--name value` from the arguments; exits 2 with a one-line message on a bad value.
pub fn arg_usize(name: &str, default: usize, min: usize, max: usize) -> usize {
    match arg_text(name) {
        None => default,
        Some(text) => match text.parse::<usize>() {
            Ok(value) if (min..=max).contains(&value) => value,
            _ => fail(&format!("--{name} must be an integer from {min} to {max}, got '{text}'")),
        },
    }
}

pub fn arg_text(name: &str) -> Option<String> {
    let flag = format!("--{name}");
    let args: Vec<String> = std::env::args().collect();
    let position = args.iter().position(|arg| *arg == flag)?;
    match args.get(position + 1) {
        Some(value) => Some(value.clone()),
        None => fail(&format!("{flag} needs a value")),
    }
}

pub fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(2)
}
