//! The arch the probes describe: the build host's, whose programs run here,
//! or another one (`--arch aarch64`, ...) through this tree's
//! scripts/cargo-arch: the arch's cross gcc compiles the C probe, Debian's
//! rustc-web builds the Rust probe for it (std from rust-web-src), and
//! qemu-user runs both.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::bindings::Klibc;

#[derive(Clone)]
pub struct Target {
    pub arch: String,
    cross: Option<Cross>,
}

#[derive(Clone)]
struct Cross {
    cargo_arch: PathBuf,
    /// The Rust target triple (the `cc` crate's flags follow it).
    triple: String,
    /// The cross C compiler.
    cc: String,
    /// The emulator and its arguments.
    runner: Vec<String>,
}

impl Target {
    pub fn new(klibc: &Klibc, arch: &str) -> Result<Target, String> {
        if arch == std::env::consts::ARCH {
            return Ok(Target {
                arch: arch.to_owned(),
                cross: None,
            });
        }
        let cargo_arch = klibc.root.join("../scripts/cargo-arch");
        if !cargo_arch.is_file() {
            return Err(format!(
                "--arch {arch} needs this tree's scripts/cargo-arch (not at {}): the probes \
                 are built for {arch} with it and run under qemu-user",
                cargo_arch.display()
            ));
        }
        let print = |what: &str| -> Result<String, String> {
            let out = Command::new(&cargo_arch)
                .args(["--print", what, arch])
                .output()
                .map_err(|e| format!("{}: {e}", cargo_arch.display()))?;
            if !out.status.success() {
                return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
            }
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        };
        let cross = Cross {
            triple: print("target")?,
            cc: print("cc")?,
            runner: print("runner")?
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            cargo_arch,
        };
        Ok(Target {
            arch: arch.to_owned(),
            cross: Some(cross),
        })
    }

    /// The Rust target triple of the C compiler's flags.
    pub fn triple(&self) -> String {
        match &self.cross {
            Some(c) => c.triple.clone(),
            None => format!("{}-unknown-linux-gnu", self.arch),
        }
    }

    /// The C compiler for another arch (the host's comes from `cc`'s rules).
    pub fn cross_cc(&self) -> Option<&str> {
        self.cross.as_ref().map(|c| c.cc.as_str())
    }

    /// Runs a probe program built for this arch.
    pub fn run(&self, exe: &Path) -> Result<Output, String> {
        let mut cmd = match self.cross.as_ref().and_then(|c| c.runner.split_first()) {
            Some((emu, args)) => {
                let mut c = Command::new(emu);
                c.args(args).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        cmd.output().map_err(|e| format!("{}: {e}", exe.display()))
    }

    /// For another arch: builds `main.rs` and the `<module>.rs` files it
    /// includes, written in `dir`, as a package of its own with
    /// scripts/cargo-arch (std built once into the tree's target/std);
    /// returns the program. None on the host's arch.
    pub fn build_rust(&self, dir: &Path) -> Option<Result<PathBuf, String>> {
        let c = self.cross.as_ref()?;
        Some((|| {
            let manifest = dir.join("Cargo.toml");
            std::fs::write(
                &manifest,
                "[package]\nname = \"uapi-check-probe\"\nversion = \"0.0.0\"\n\
                 edition = \"2021\"\n\n[[bin]]\nname = \"probe\"\npath = \"main.rs\"\n\n\
                 [workspace]\n",
            )
            .map_err(|e| format!("{}: {e}", manifest.display()))?;
            // scripts/cargo-arch -> the tree's target/std
            let tree = c
                .cargo_arch
                .parent()
                .and_then(Path::parent)
                .unwrap_or(Path::new("."));
            let target_dir = tree.join("target/std");
            let out = Command::new(&c.cargo_arch)
                .args([&self.arch, "--std", "build", "-q", "--offline"])
                .arg("--manifest-path")
                .arg(&manifest)
                .arg("--target-dir")
                .arg(&target_dir)
                .output()
                .map_err(|e| format!("{}: {e}", c.cargo_arch.display()))?;
            if !out.status.success() {
                return Err(format!(
                    "{}: the Rust probe did not build for {}: {}",
                    dir.display(),
                    self.arch,
                    crate::cprobe::first_error(&out.stderr)
                ));
            }
            Ok(target_dir.join(&c.triple).join("debug/probe"))
        })())
    }
}
