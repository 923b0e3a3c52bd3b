//! uapi-check: compares klibc's Rust UAPI bindings with what the C compiler
//! sees in the same exported headers (`verify`), and reports how the UAPI
//! klibc binds differs between two exported header trees (`diff`).

mod bindings;
mod cprobe;
mod diff;
mod facts;
mod json;
#[path = "../../klibc/uapi/parameters.rs"]
#[allow(dead_code)]
mod parameters;

// What to check, and how generated bindings are read: uapi-gen's, so that
// its build-time layout check in a kernel build covers the same items.
#[path = "../../klibc/uapi/gen/checks.rs"]
mod checks;
#[path = "../../klibc/uapi/gen/items.rs"]
#[allow(dead_code)]
mod items;
#[path = "../../klibc/uapi/gen/tokens.rs"]
#[allow(dead_code)]
mod tokens;

#[path = "../../klibc/uapi/bindgen_setup.rs"]
mod bindgen_setup;
mod rprobe;
mod verify;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  uapi-check verify --include <usr/include> [--arch ARCH]
                    [--bindings DIR [--selected-only] | --cargo-target DIR]
                    [--work DIR] [--quiet]
  uapi-check diff <headers-A> <headers-B> [--arch ARCH] [--format text|json] [--everything]
                    [--work DIR]
  uapi-check generate --include <usr/include> --out DIR [--arch ARCH]
options:
  --include DIR   exported UAPI headers (`make headers_install` puts them in usr/include)
  --arch ARCH     Rust target_arch of the bindings (default: the build host's)
  --bindings DIR  check these generated bindings (<module>.rs, e.g. klibc's OUT_DIR)
                  instead of generating them here from --include
  --cargo-target DIR  check the bindings the newest klibc build (with its bindgen feature)
                  under this CARGO_TARGET_DIR generated and compiled
  --selected-only with --bindings: only the items bindgen_parameters select (for bindings
                  made with other parameters, e.g. linux-raw-sys's src/x86_64)
  --everything    diff every item of the headers klibc's helper headers include, not
                  only what bindgen_parameters selects
  --work DIR      keep the probes in DIR (default: a temporary directory, removed)
  --klibc DIR     klibc's source (uapi/, include/); default: the one uapi-check was built from
exit status: 0 all agree / no error, 1 mismatches found, 2 usage or tool error";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("uapi-check: {e}");
            ExitCode::from(2)
        }
    }
}

#[derive(Default)]
struct Args {
    command: String,
    positional: Vec<PathBuf>,
    include: Option<PathBuf>,
    out: Option<PathBuf>,
    arch: Option<String>,
    bindings: Option<PathBuf>,
    cargo_target: Option<PathBuf>,
    work: Option<PathBuf>,
    klibc: Option<PathBuf>,
    format: Option<String>,
    quiet: bool,
    selected_only: bool,
    everything: bool,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut it = args.iter();
    let mut a = Args {
        command: it.next().ok_or(USAGE)?.clone(),
        ..Args::default()
    };
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--include" => a.include = Some(value(arg)?.into()),
            "--out" => a.out = Some(value(arg)?.into()),
            "--arch" => a.arch = Some(value(arg)?),
            "--bindings" => a.bindings = Some(value(arg)?.into()),
            "--cargo-target" => a.cargo_target = Some(value(arg)?.into()),
            "--work" => a.work = Some(value(arg)?.into()),
            "--klibc" => a.klibc = Some(value(arg)?.into()),
            "--format" => a.format = Some(value(arg)?),
            "--quiet" | "-q" => a.quiet = true,
            "--selected-only" => a.selected_only = true,
            "--everything" => a.everything = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`\n{USAGE}")),
            s => a.positional.push(s.into()),
        }
    }
    Ok(a)
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    if matches!(
        args.first().map(String::as_str),
        Some("-h" | "--help" | "help")
    ) {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let a = parse_args(args)?;
    let klibc = bindings::Klibc {
        root: a
            .klibc
            .clone()
            .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../klibc"))),
    };
    let arch = a
        .arch
        .clone()
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    parameters::clang_target(&arch)?;
    let need_include = || {
        a.include
            .clone()
            .ok_or_else(|| format!("{} needs --include\n{USAGE}", a.command))
    };
    match a.command.as_str() {
        "generate" => {
            let include = need_include()?;
            let out = a
                .out
                .clone()
                .ok_or_else(|| format!("generate needs --out\n{USAGE}"))?;
            std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
            for b in bindings::generate(&klibc, &include, &arch, bindings::Selection::Parameters)? {
                let file = out.join(format!("{}.rs", b.module));
                std::fs::write(&file, b.source).map_err(|e| format!("{}: {e}", file.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        "verify" => {
            host_only(&arch)?;
            let include = need_include()?;
            let found = match (&a.bindings, &a.cargo_target) {
                (Some(_), Some(_)) => {
                    return Err("give --bindings or --cargo-target, not both".to_owned())
                }
                (None, Some(t)) => Some(bindings::find_in_cargo_target(t)?),
                (b, None) => b.clone(),
            };
            let problems = with_work(a.work.as_deref(), |work| {
                verify::run(
                    &klibc,
                    &verify::Options {
                        include: &include,
                        arch: &arch,
                        bindings: found.as_deref(),
                        work,
                        quiet: a.quiet,
                        selected_only: a.selected_only,
                    },
                )
            })?;
            for p in &problems {
                eprintln!("uapi-check: {p}");
            }
            if problems.is_empty() {
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!(
                    "uapi-check: {} mismatches between the Rust bindings and C over {}",
                    problems.len(),
                    include.display()
                );
                Ok(ExitCode::from(1))
            }
        }
        "diff" => {
            host_only(&arch)?;
            let [old, new] = a.positional.as_slice() else {
                return Err(format!("diff needs two header trees\n{USAGE}"));
            };
            let json = match a.format.as_deref() {
                None | Some("text") => false,
                Some("json") => true,
                Some(f) => return Err(format!("unknown format `{f}` (text or json)")),
            };
            let selection = if a.everything {
                bindings::Selection::Everything
            } else {
                bindings::Selection::Parameters
            };
            let report = with_work(a.work.as_deref(), |work| {
                diff::run(&klibc, old, new, &arch, selection, work)
            })?;
            if json {
                println!("{}", report.json());
            } else {
                print!("{}", report.text());
            }
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

/// The probes run on the build host, so they describe its arch only.
fn host_only(arch: &str) -> Result<(), String> {
    if arch == std::env::consts::ARCH {
        Ok(())
    } else {
        Err(format!(
            "the probes run on this host ({}), so they cannot check --arch {arch}",
            std::env::consts::ARCH
        ))
    }
}

/// Runs `f` in the given work directory, or in a temporary one removed after.
fn with_work<T>(
    work: Option<&Path>,
    f: impl FnOnce(&Path) -> Result<T, String>,
) -> Result<T, String> {
    if let Some(dir) = work {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        return f(dir);
    }
    let dir = std::env::temp_dir().join(format!("uapi-check.{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let r = f(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    r
}
