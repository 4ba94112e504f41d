//! The command line of the standalone runners (`wasmtime-run`, `wasmedge-run`):
//! `[--env KEY=VALUE]... [--dir HOST_DIR] <module> [args...]`; the guest's argv[0] is the module's file
//! name; `--dir` gives the guest a host folder as its "/" (a user's program reads its files by relative path).
use anyhow::{Context, Result, bail};
use std::path::Path;

pub struct RunnerCommand {
    pub file: String,
    pub bytes: Vec<u8>,
    /// only what `--env` gives
    pub envs: Vec<(String, String)>,
    /// the host folder the guest sees as "/", when `--dir` names one
    pub dir: Option<String>,
    pub argv: Vec<String>,
}

/// Reads the arguments after `--env`s and the module they name; `usage` is the error without a module.
pub fn parse_runner_command(args: &[String], usage: &str) -> Result<RunnerCommand> {
    let mut envs = Vec::new();
    let mut dir = None;
    let mut rest = args;
    while let [flag, value, tail @ ..] = rest {
        match flag.as_str() {
            "--env" => {
                let Some((key, value)) = value.split_once('=') else { bail!("--env takes KEY=VALUE, got {value:?}") };
                envs.push((key.to_string(), value.to_string()));
            }
            "--dir" => dir = Some(value.clone()),
            _ => break,
        }
        rest = tail;
    }
    let Some((file, guest_args)) = rest.split_first() else { bail!("{usage}") };
    let bytes = std::fs::read(file).with_context(|| format!("reading {file}"))?;
    let argv0 = Path::new(file).file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_else(|| file.clone());
    let argv = std::iter::once(argv0).chain(guest_args.iter().cloned()).collect();
    Ok(RunnerCommand { file: file.clone(), bytes, envs, dir, argv })
}
